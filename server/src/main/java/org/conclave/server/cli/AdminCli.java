package org.conclave.server.cli;

/** Headless operator commands; see {@code ./conclave admin help}. */
public final class AdminCli {

  private AdminCli() {}

  /** Runs one command and returns the process exit code. */
  public static int run(String[] args) {
    System.err.println("conclave admin: no commands yet");
    return 2;
  }
}
