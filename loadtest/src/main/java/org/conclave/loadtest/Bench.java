package org.conclave.loadtest;

import java.util.Arrays;
import org.conclave.loadtest.media.MediaBench;

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
          Usage: Bench <scenario> [options]

          sign-in-flood [--seconds N] [--attackers N] [--legit N]
              legitimate sign-ins while other clients flood wrong passwords

          Media scenarios, against our SFU in its own process (and/or Janus), over real ICE,
          DTLS and SRTP on loopback; each sweeps its load in steps and prints one row per step
          and the knee (the largest step with < 0.1% loss and latency p99 < 2 ms):
            audio-room   10 speakers (audio) -> N listeners               steps 10,20,40,60
            meeting      K x K, audio + simulcast camera (3 layers)       steps 2,4,6,8
            livestream   1 -> N viewers, audio + 2.5 Mbps video           steps 5,10,20,30
            many-rooms   R rooms of 4, audio + simulcast camera           steps 1,2,3,4
            media        the four above one after the other, a summary and a chart (--chart)
          Options:
            --seconds N          measured seconds per step (5)
            --warmup N           seconds of load before each measurement (2)
            --subscribers a,b,c  the steps: listeners, participants, viewers or rooms
            --target conclave|janus|both   which SFU (conclave); ./conclave bench runs Janus
                                 inside loadtest/janus-namespace.sh
            --chart file.png     CPU per forwarded packet per step and target, one panel a scenario
          Columns are explained in docs/benchmarks.md, "SFU under load (loadtest)".""");
      return;
    }
    if (MediaBench.isScenario(args[0])) {
      MediaBench.main(args[0], Arrays.copyOfRange(args, 1, args.length));
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
