package org.conclave.server.auth.mfa;

import org.conclave.server.account.PasswordHasher;
import org.conclave.server.account.User;
import org.conclave.server.auth.SignInThrottle;
import org.conclave.server.common.ApiException;
import org.springframework.stereotype.Component;

/**
 * Asks for the current password before weakening an account's second factor (removing TOTP, making
 * new recovery codes), so that a session left open on a shared computer is not enough. Guesses go
 * through the sign-in throttle first, exactly like sign-in attempts.
 */
@Component
class CurrentPassword {

  private final SignInThrottle throttle;
  private final PasswordHasher hasher;

  CurrentPassword(SignInThrottle throttle, PasswordHasher hasher) {
    this.throttle = throttle;
    this.hasher = hasher;
  }

  /**
   * @throws Throttled when too many guesses were made
   * @throws ApiException 400 {@code current-password-wrong} when it does not match (the same answer
   *     as a password change gives)
   */
  void check(User user, String password, String address) {
    SignInThrottle.Decision decision = throttle.check(user.username(), address);
    if (!decision.allowed()) {
      throw new Throttled(decision.retryAfter().toSeconds(), "password attempts");
    }
    if (!hasher.matches(password, user.passwordHash())) {
      throttle.failed(user.username(), address);
      throw ApiException.badRequest(
          "current-password-wrong", "Your current password is not right. Try again.");
    }
  }
}
