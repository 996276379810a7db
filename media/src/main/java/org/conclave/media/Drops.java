package org.conclave.media;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Dropped packets counted by {@link DropReason}; counting allocates nothing, reading any thread.
 */
public final class Drops {
  private final LongAdder[] counts = new LongAdder[DropReason.values().length];

  public Drops() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  public void count(DropReason reason) {
    counts[reason.ordinal()].increment();
  }

  public long get(DropReason reason) {
    return counts[reason.ordinal()].sum();
  }

  public long total() {
    long sum = 0;
    for (LongAdder c : counts) {
      sum += c.sum();
    }
    return sum;
  }

  /** Every reason with its count (zeros included). */
  public Map<DropReason, Long> snapshot() {
    Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      out.put(r, get(r));
    }
    return out;
  }
}
