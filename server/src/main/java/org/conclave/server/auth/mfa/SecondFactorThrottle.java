package org.conclave.server.auth.mfa;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.time.InstantSource;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.stereotype.Component;

/**
 * Limits guessing of second factors (TOTP codes, recovery codes, passkey assertions) by someone who
 * already has the password. One Bucket4j bucket per account, not per session, so opening more
 * sessions buys no more guesses: {@code sign-in.account-failures} failures (5 by default) are
 * allowed per {@code sign-in.window}; after that every attempt waits a delay that starts at {@code
 * sign-in.base-delay} and doubles with each attempt made while throttled, up to {@code
 * sign-in.max-delay}. A success clears the account's record. Memory only, on this node.
 */
@Component
class SecondFactorThrottle {

  /** Whether an attempt may be checked now, and if not, for how long to wait. */
  record Decision(boolean allowed, Duration retryAfter) {}

  private static final class State {
    final Bucket bucket;
    long blockedUntil;
    int throttledAttempts;

    State(Bucket bucket) {
      this.bucket = bucket;
    }
  }

  private final ConclaveProperties.SignIn config;
  private final InstantSource clock;
  private final Cache<Long, State> accounts;

  SecondFactorThrottle(ConclaveProperties properties, InstantSource clock) {
    this.config = properties.signIn();
    this.clock = clock;
    this.accounts =
        Caffeine.newBuilder()
            .expireAfterAccess(config.window().plus(config.maxDelay()).multipliedBy(2))
            .maximumSize(1_000_000)
            .build();
  }

  /**
   * Decides whether the next second-factor attempt of this account may be checked. A refused
   * attempt lengthens the wait. Does not count the attempt itself: call {@link #failed} or {@link
   * #succeeded} once it has been checked.
   */
  synchronized Decision check(long userId) {
    long now = clock.millis();
    State s = state(userId);
    if (s.blockedUntil <= now && s.bucket.getAvailableTokens() > 0) {
      return new Decision(true, Duration.ZERO);
    }
    s.throttledAttempts = Math.min(s.throttledAttempts + 1, 30);
    long delay =
        Math.min(
            config.baseDelay().toMillis() << Math.min(s.throttledAttempts - 1, 20),
            config.maxDelay().toMillis());
    s.blockedUntil = Math.max(s.blockedUntil, now + delay);
    return new Decision(false, Duration.ofMillis(Math.max(s.blockedUntil - now, 1000)));
  }

  synchronized void failed(long userId) {
    state(userId).bucket.tryConsume(1);
  }

  synchronized void succeeded(long userId) {
    accounts.invalidate(userId);
  }

  private State state(long userId) {
    return accounts.get(
        userId,
        k ->
            new State(
                Bucket.builder()
                    .addLimit(
                        Bandwidth.builder()
                            .capacity(config.accountFailures())
                            .refillGreedy(config.accountFailures(), config.window())
                            .build())
                    .withCustomTimePrecision(new BucketClock(clock))
                    .build()));
  }
}
