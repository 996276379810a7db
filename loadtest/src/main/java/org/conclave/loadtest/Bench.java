package org.conclave.loadtest;

import java.util.Arrays;

/**
 * Entry point of the benchmarks: {@code Bench <scenario> [options]}. Each scenario starts what it
 * needs on loopback, runs for a bounded time, prints a table and stops by itself.
 */
public final class Bench {

  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("help")) {
      System.out.println(
          """
          Usage: Bench <scenario> [--seconds N] [--attackers N] [--legit N]
          Scenarios:
            sign-in-flood  legitimate sign-ins while other clients flood wrong passwords""");
      return;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "sign-in-flood" -> SignInFlood.run(Options.parse(rest));
      default -> {
        System.err.println("Unknown scenario: " + args[0] + " (try: help)");
        System.exit(2);
      }
    }
  }

  /** Command-line options shared by the scenarios. */
  record Options(int seconds, int attackers, int legit) {
    static Options parse(String[] args) {
      int seconds = 20;
      int attackers = 8;
      int legit = 2;
      for (int i = 0; i + 1 < args.length; i += 2) {
        int value = Integer.parseInt(args[i + 1]);
        switch (args[i]) {
          case "--seconds" -> seconds = value;
          case "--attackers" -> attackers = value;
          case "--legit" -> legit = value;
          default -> throw new IllegalArgumentException("Unknown option " + args[i]);
        }
      }
      return new Options(seconds, attackers, legit);
    }
  }
}
