package org.conclave.server.auth.mfa;

import org.conclave.server.account.Role;
import org.conclave.server.auth.SecondFactorPolicy;
import org.conclave.server.common.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What second factors an account has, and the rules for taking one away: the organisation's policy
 * may forbid removing the last one, and recovery codes go when no factor is left (they stand in for
 * a lost factor, not for none).
 */
@Component
public class SecondFactors {

  private final JdbcClient jdbc;
  private final PasskeyStore passkeys;
  private final RecoveryCodes recoveryCodes;
  private final SecondFactorPolicy policy;

  SecondFactors(
      JdbcClient jdbc,
      PasskeyStore passkeys,
      RecoveryCodes recoveryCodes,
      SecondFactorPolicy policy) {
    this.jdbc = jdbc;
    this.passkeys = passkeys;
    this.recoveryCodes = recoveryCodes;
    this.policy = policy;
  }

  boolean totpEnabled(long userId) {
    return jdbc.sql("SELECT totp_enabled FROM users WHERE id = :id")
        .param("id", userId)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  /** Whether the account has any second factor (TOTP or a passkey). */
  boolean any(long userId) {
    return totpEnabled(userId) || passkeys.count(userId) > 0;
  }

  /**
   * Refuses (409 {@code second-factor-required}) when the policy requires a second factor of this
   * role and {@code remainingAfter} would be zero.
   */
  void ensureMayRemove(Role role, int remainingAfter) {
    if (remainingAfter == 0 && policy.requiredFor(role)) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "second-factor-required",
          "Your organisation requires a second factor for your role. Add another one before"
              + " removing this one.");
    }
  }

  /**
   * The second factors the account can sign in with, in the words of the sign-in answer: "totp",
   * "passkey", and "recovery-code" whenever there is either of the others.
   */
  public java.util.List<String> methods(long userId) {
    java.util.List<String> methods = new java.util.ArrayList<>();
    if (totpEnabled(userId)) {
      methods.add("totp");
    }
    if (passkeys.count(userId) > 0) {
      methods.add("passkey");
    }
    if (!methods.isEmpty()) {
      methods.add("recovery-code");
    }
    return methods;
  }

  /** How many factors the account has: TOTP counts one, each passkey one. */
  int count(long userId) {
    return (totpEnabled(userId) ? 1 : 0) + passkeys.count(userId);
  }

  /** Drops the recovery codes once no second factor is left. */
  void afterRemoval(long userId) {
    if (!any(userId)) {
      recoveryCodes.deleteAll(userId);
    }
  }
}
