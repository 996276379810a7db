package org.conclave.server.auth;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import org.conclave.server.common.GrowingDelayLimiter;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.stereotype.Component;

/**
 * Limits password guessing before any hash is computed. Each account name and each source address
 * has a token bucket of allowed failures (Bucket4j) that refills over the configured window; once a
 * bucket is empty, every further attempt waits a delay that doubles with each attempt made while
 * throttled (growing delays), capped at {@code max-delay}.
 *
 * <p>Account names are throttled whether or not the account exists, so the throttle itself does not
 * reveal which accounts exist. State is in memory on this node (a cluster would keep the buckets in
 * Redis through Bucket4j's proxy manager).
 */
@Component
public class SignInThrottle {

  /** The outcome of asking whether an attempt may proceed. */
  public record Decision(boolean allowed, Duration retryAfter, boolean accountThrottled) {}

  private final GrowingDelayLimiter<String> accounts;
  private final GrowingDelayLimiter<String> addresses;

  SignInThrottle(ConclaveProperties properties, InstantSource clock) {
    ConclaveProperties.SignIn config = properties.signIn();
    this.accounts =
        new GrowingDelayLimiter<>(
            config.accountFailures(),
            config.window(),
            config.baseDelay(),
            config.maxDelay(),
            clock);
    this.addresses =
        new GrowingDelayLimiter<>(
            config.addressFailures(),
            config.window(),
            config.baseDelay(),
            config.maxDelay(),
            clock);
  }

  /**
   * Decides whether an attempt on this account from this address may be checked now. Does not count
   * the attempt; call {@link #failed} or {@link #succeeded} after checking. An attempt is refused
   * while a delay runs, or when the allowance is used up — which starts the next, doubled, delay.
   */
  public Decision check(String username, String address) {
    long accountWait = accounts.admit(key(username));
    long sourceWait = addresses.admit(address);
    if (accountWait > 0 || sourceWait > 0) {
      long wait = Math.max(accountWait, sourceWait);
      return new Decision(false, Duration.ofMillis(Math.max(wait, 1000)), accountWait > 0);
    }
    return new Decision(true, Duration.ZERO, false);
  }

  /** Counts a failed attempt against the account and the address. */
  public void failed(String username, String address) {
    accounts.failed(key(username));
    addresses.failed(address);
  }

  /** A correct password resets the account's count (not the address's: sprayers succeed too). */
  public void succeeded(String username) {
    accounts.reset(key(username));
  }

  private static String key(String username) {
    return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
  }
}
