package org.conclave.server.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;
import org.conclave.server.common.ApiException;
import org.conclave.server.common.Buckets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Rate limits of the account endpoints, one Bucket4j token bucket per limit and key (a user id or a
 * source address), refilled evenly over the limit's window. Kept in memory on this node, like the
 * sign-in throttle; buckets of idle keys are forgotten after twice their window.
 */
@Component
class AccountLimits {

  /** Each limit: how many requests a key may make per window. */
  enum Limit {
    /** Wrong current passwords when changing one's password, per user: guessing it is slow. */
    CURRENT_PASSWORD(5, Duration.ofMinutes(15)),
    /**
     * Live-meter checks of a signed-in user's new password against their history, per user. Each
     * costs up to one Argon2id computation per remembered password; past the limit the live check
     * leaves reuse out (saving the password still refuses reuse).
     */
    REUSE_CHECK(30, Duration.ofMinutes(10)),
    /** Public password-strength checks, per source address (the meter calls it as people type). */
    PASSWORD_CHECK(300, Duration.ofMinutes(5)),
    /** Set-up link and invitation requests (check and use), per source address. */
    LINK(30, Duration.ofMinutes(10)),
    /** Self-registrations, per source address. */
    REGISTER(10, Duration.ofHours(1));

    final int capacity;
    final Duration window;

    Limit(int capacity, Duration window) {
      this.capacity = capacity;
      this.window = window;
    }
  }

  /** A limit was reached: 429 with a Retry-After header. */
  static final class Exceeded extends ApiException {
    final long retryAfterSeconds;

    Exceeded(long retryAfterSeconds) {
      super(
          HttpStatus.TOO_MANY_REQUESTS,
          "throttled",
          "Too many attempts. Wait " + retryAfterSeconds + " seconds and try again.");
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }

  private final InstantSource clock;
  private final Map<Limit, Cache<String, Bucket>> buckets = new EnumMap<>(Limit.class);

  AccountLimits(InstantSource clock) {
    this.clock = clock;
    for (Limit limit : Limit.values()) {
      buckets.put(
          limit,
          Caffeine.newBuilder()
              .expireAfterAccess(limit.window.multipliedBy(2))
              .maximumSize(200_000)
              .build());
    }
  }

  /**
   * Takes one request from the key's allowance, or sets Retry-After on the response and throws.
   *
   * @throws Exceeded 429 when the allowance is used up
   */
  void take(Limit limit, String key, HttpServletResponse response) {
    ConsumptionProbe probe = bucket(limit, key).tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds());
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
      throw new Exceeded(seconds);
    }
  }

  /** Takes one request from the key's allowance if there is one left. */
  boolean tryTake(Limit limit, String key) {
    return bucket(limit, key).tryConsume(1);
  }

  /** Returns a request taken by {@link #take} that turned out not to count (e.g. it succeeded). */
  void giveBack(Limit limit, String key) {
    bucket(limit, key).addTokens(1);
  }

  private Bucket bucket(Limit limit, String key) {
    return buckets.get(limit).get(key, k -> Buckets.of(limit.capacity, limit.window, clock));
  }
}
