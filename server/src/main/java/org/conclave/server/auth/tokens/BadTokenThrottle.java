package org.conclave.server.auth.tokens;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.time.InstantSource;
import org.conclave.server.common.Buckets;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.stereotype.Component;

/**
 * Limits how many unknown, expired or revoked API tokens one source address may present: each
 * address has a token bucket (Bucket4j) of {@code address-failures} that refills over {@code
 * failure-window}. Once it is empty, every bearer request from that address is refused before any
 * lookup until the bucket refills, so nobody can probe for tokens at speed (a 256-bit secret can't
 * be guessed anyway; this keeps the noise and the database load down).
 *
 * <p>State is in memory on this node, like the sign-in throttle.
 */
@Component
class BadTokenThrottle {

  private final ConclaveProperties.ApiTokens config;
  private final InstantSource clock;
  private final Cache<String, Bucket> addresses;

  BadTokenThrottle(ConclaveProperties properties, InstantSource clock) {
    this.config = properties.apiTokens();
    this.clock = clock;
    this.addresses =
        Caffeine.newBuilder()
            .expireAfterAccess(config.failureWindow().multipliedBy(2))
            .maximumSize(1_000_000)
            .build();
  }

  /** How long this address must wait before presenting a token again; zero when it may now. */
  Duration waitFor(String address) {
    Bucket bucket = addresses.getIfPresent(address);
    if (bucket == null || bucket.getAvailableTokens() > 0) {
      return Duration.ZERO;
    }
    long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    return Duration.ofNanos(Math.max(nanos, 1_000_000_000L));
  }

  /** Counts one bad token against the address. */
  void failed(String address) {
    addresses.get(address, a -> newBucket()).tryConsume(1);
  }

  private Bucket newBucket() {
    return Buckets.of(config.addressFailures(), config.failureWindow(), clock);
  }
}
