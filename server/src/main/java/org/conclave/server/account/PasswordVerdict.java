package org.conclave.server.account;

/**
 * The answer of {@link PasswordPolicy#check}: whether the password is acceptable, the strength
 * estimate (0 = very weak … 4 = strong) for the meter, and — when refused — a stable reason code
 * (the client shows it in the user's language) and an English sentence.
 */
public record PasswordVerdict(boolean acceptable, int score, String reason, String message) {

  public static PasswordVerdict ok(int score) {
    return new PasswordVerdict(true, score, null, null);
  }

  public static PasswordVerdict refused(int score, String reason, String message) {
    return new PasswordVerdict(false, score, reason, message);
  }
}
