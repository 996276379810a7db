package org.conclave.server.auth.mfa;

import java.time.Duration;
import java.time.InstantSource;
import org.conclave.server.common.GrowingDelayLimiter;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.stereotype.Component;

/**
 * Limits guessing of second factors (TOTP codes, recovery codes, passkey assertions) by someone who
 * already has the password. One Bucket4j bucket per account, not per session, so opening more
 * sessions buys no more guesses: {@code sign-in.account-failures} failures (5 by default) are
 * allowed per {@code sign-in.window}; after that every attempt waits a delay that starts at {@code
 * sign-in.base-delay} and doubles with each attempt made while throttled, up to {@code
 * sign-in.max-delay} (see {@link GrowingDelayLimiter}). A success clears the account's record.
 * Memory only, on this node.
 */
@Component
class SecondFactorThrottle {

  /** Whether an attempt may be checked now, and if not, for how long to wait. */
  record Decision(boolean allowed, Duration retryAfter) {}

  private final GrowingDelayLimiter<Long> accounts;

  SecondFactorThrottle(ConclaveProperties properties, InstantSource clock) {
    ConclaveProperties.SignIn config = properties.signIn();
    this.accounts =
        new GrowingDelayLimiter<>(
            config.accountFailures(),
            config.window(),
            config.baseDelay(),
            config.maxDelay(),
            clock);
  }

  /**
   * Decides whether the next second-factor attempt of this account may be checked. Does not count
   * the attempt itself: call {@link #failed} or {@link #succeeded} once it has been checked.
   */
  Decision check(long userId) {
    long wait = accounts.admit(userId);
    return wait == 0
        ? new Decision(true, Duration.ZERO)
        : new Decision(false, Duration.ofMillis(Math.max(wait, 1000)));
  }

  void failed(long userId) {
    accounts.failed(userId);
  }

  void succeeded(long userId) {
    accounts.reset(userId);
  }
}
