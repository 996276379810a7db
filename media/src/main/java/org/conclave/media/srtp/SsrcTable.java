package org.conclave.media.srtp;

/**
 * A small map from SSRC to a crypto context, bounded and allocation-free on lookup (no boxing of
 * the SSRC, unlike a {@code HashMap<Integer, ?>}). A linear scan over at most a few dozen ints,
 * starting from the last hit, is as fast as hashing at this size. Not thread-safe: each direction
 * of a {@link SrtpSession} owns its own tables.
 */
final class SsrcTable<T> {
  private final int[] ssrcs;
  private final Object[] values;
  private int size;
  private int lastHit;

  SsrcTable(int capacity) {
    ssrcs = new int[capacity];
    values = new Object[capacity];
  }

  /** The value for this SSRC, or null. */
  @SuppressWarnings("unchecked")
  T get(int ssrc) {
    if (size == 0) {
      return null;
    }
    if (ssrcs[lastHit] == ssrc) {
      return (T) values[lastHit];
    }
    for (int i = 0; i < size; i++) {
      if (ssrcs[i] == ssrc) {
        lastHit = i;
        return (T) values[i];
      }
    }
    return null;
  }

  /** True when no new SSRC can be added. */
  boolean isFull() {
    return size == ssrcs.length;
  }

  /** Adds a value for an SSRC not yet in the table; the caller checked {@link #isFull()}. */
  void add(int ssrc, T value) {
    ssrcs[size] = ssrc;
    values[size] = value;
    lastHit = size;
    size++;
  }

  int size() {
    return size;
  }
}
