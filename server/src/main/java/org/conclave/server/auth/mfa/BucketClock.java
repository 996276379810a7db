package org.conclave.server.auth.mfa;

import io.github.bucket4j.TimeMeter;
import java.time.InstantSource;

/**
 * Bucket4j reads time through this, so buckets refill by the injected clock (and tests' clocks).
 */
record BucketClock(InstantSource clock) implements TimeMeter {
  @Override
  public long currentTimeNanos() {
    return clock.millis() * 1_000_000L;
  }

  @Override
  public boolean isWallClockBased() {
    return true;
  }
}
