package org.conclave.server.common;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Limits failures per key (an account, an address) with growing delays: each key has a token bucket
 * of {@code allowance} failures refilled over {@code window}; once it is empty, the next attempt
 * starts a delay of {@code baseDelay}, and each later attempt that finds the allowance still used
 * up doubles it, up to {@code maxDelay}. Attempts during a delay are refused without lengthening
 * it. State is bounded in memory (Caffeine) and forgotten when idle. Thread-safe.
 *
 * @param <K> the key type
 */
public final class GrowingDelayLimiter<K> {

  private static final class State {
    final Bucket bucket;
    long blockedUntil;
    int delays;

    State(Bucket bucket) {
      this.bucket = bucket;
    }
  }

  private final int allowance;
  private final Duration window;
  private final long baseDelayMs;
  private final long maxDelayMs;
  private final InstantSource clock;
  private final Cache<K, State> states;

  public GrowingDelayLimiter(
      int allowance, Duration window, Duration baseDelay, Duration maxDelay, InstantSource clock) {
    this.allowance = allowance;
    this.window = window;
    this.baseDelayMs = baseDelay.toMillis();
    this.maxDelayMs = maxDelay.toMillis();
    this.clock = clock;
    this.states =
        Caffeine.newBuilder()
            .expireAfterAccess(window.plus(maxDelay).multipliedBy(2))
            .maximumSize(1_000_000)
            .build();
  }

  /**
   * Milliseconds this key must still wait before its next attempt may be checked; 0 when it may go
   * now. Finding the allowance used up starts the next, doubled, delay.
   */
  public synchronized long admit(K key) {
    long now = clock.millis();
    State s = state(key);
    if (s.blockedUntil > now) {
      return s.blockedUntil - now;
    }
    if (s.bucket.getAvailableTokens() > 0) {
      return 0;
    }
    s.delays = Math.min(s.delays + 1, 30);
    long delay = Math.min(baseDelayMs << Math.min(s.delays - 1, 20), maxDelayMs);
    s.blockedUntil = now + delay;
    return delay;
  }

  /** Counts one failure against the key. */
  public synchronized void failed(K key) {
    state(key).bucket.tryConsume(1);
  }

  /**
   * Gives back one failure counted in advance with {@link #failed} (for callers that count an
   * attempt before checking it, so that concurrent attempts cannot all pass the last allowance).
   */
  public synchronized void refund(K key) {
    State s = states.getIfPresent(key);
    if (s != null) {
      s.bucket.addTokens(1);
    }
  }

  /** Forgets the key's failures and delays (after a success). */
  public synchronized void reset(K key) {
    states.invalidate(key);
  }

  private State state(K key) {
    return states.get(key, k -> new State(Buckets.of(allowance, window, clock)));
  }
}
