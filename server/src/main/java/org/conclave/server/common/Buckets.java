package org.conclave.server.common;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.time.InstantSource;

/** Bucket4j token buckets that read time from our clock, so tests' clocks move refills too. */
public final class Buckets {

  private Buckets() {}

  /** A bucket of {@code capacity} tokens, all of them refilled evenly over {@code window}. */
  public static Bucket of(int capacity, Duration window, InstantSource clock) {
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build())
        .withCustomTimePrecision(new ClockTime(clock))
        .build();
  }

  private record ClockTime(InstantSource clock) implements TimeMeter {
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
