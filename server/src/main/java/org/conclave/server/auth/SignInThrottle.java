package org.conclave.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
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
  private final Cache<String, State> accounts;
  private final Cache<String, State> addresses;

  SignInThrottle(ConclaveProperties properties, InstantSource clock) {
    this.config = properties.signIn();
    this.clock = clock;
    Duration keep = config.window().plus(config.maxDelay()).multipliedBy(2);
    this.accounts = Caffeine.newBuilder().expireAfterAccess(keep).maximumSize(1_000_000).build();
    this.addresses = Caffeine.newBuilder().expireAfterAccess(keep).maximumSize(1_000_000).build();
  }

  /**
   * Decides whether an attempt on this account from this address may be checked now. Does not count
   * the attempt; call {@link #failed} or {@link #succeeded} after checking. An attempt is refused
   * while a delay runs, or when the allowance is used up — which starts the next, doubled, delay.
   */
  public synchronized Decision check(String username, String address) {
    long now = clock.millis();
    State account = state(accounts, key(username), config.accountFailures());
    State source = state(addresses, address, config.addressFailures());
    long accountWait = admit(account, now);
    long sourceWait = admit(source, now);
    if (accountWait > 0 || sourceWait > 0) {
      long wait = Math.max(accountWait, sourceWait);
      return new Decision(false, Duration.ofMillis(Math.max(wait, 1000)), accountWait > 0);
    }
    return new Decision(true, Duration.ZERO, false);
  }

  /** Counts a failed attempt against the account and the address. */
  public synchronized void failed(String username, String address) {
    state(accounts, key(username), config.accountFailures()).bucket.tryConsume(1);
    state(addresses, address, config.addressFailures()).bucket.tryConsume(1);
  }

  /** A correct password resets the account's count (not the address's: sprayers succeed too). */
  public synchronized void succeeded(String username) {
    accounts.invalidate(key(username));
  }

  /** Milliseconds this key must still wait, starting a longer delay if its allowance is gone. */
  private long admit(State s, long now) {
    if (s.blockedUntil > now) {
      return s.blockedUntil - now;
    }
    if (s.bucket.getAvailableTokens() > 0) {
      return 0;
    }
    s.throttledAttempts = Math.min(s.throttledAttempts + 1, 30);
    long delay =
        Math.min(
            config.baseDelay().toMillis() << Math.min(s.throttledAttempts - 1, 20),
            config.maxDelay().toMillis());
    s.blockedUntil = now + delay;
    return delay;
  }

  private State state(Cache<String, State> cache, String key, int capacity) {
    return cache.get(
        key,
        k ->
            new State(
                Bucket.builder()
                    .addLimit(
                        Bandwidth.builder()
                            .capacity(capacity)
                            .refillGreedy(capacity, config.window())
                            .build())
                    .withCustomTimePrecision(new ClockTime(clock))
                    .build()));
  }

  private static String key(String username) {
    return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
  }

  /** Bucket4j reads time through this, so tests with a fake clock control refills too. */
  private record ClockTime(InstantSource clock) implements io.github.bucket4j.TimeMeter {
    @Override
    public long currentTimeNanos() {
      return clock.millis() * 1_000_000L;
    }

    @Override
    public boolean isWallClockBased() {
      return true;
    }
  }
}
