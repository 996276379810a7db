package org.conclave.server.account;

/** Events the account feature publishes; other features listen (e.g. auth ends sessions). */
public final class AccountEvents {

  private AccountEvents() {}

  /** A user's password changed. Sessions other than {@code keepSessionId} (null: none) must end. */
  public record PasswordChanged(long userId, Long keepSessionId) {}

  /** A user was disabled: every session and token of theirs must stop working. */
  public record UserDisabled(long userId) {}
}
