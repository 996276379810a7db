package org.conclave.media.forward;

/**
 * A fixed-capacity map from a non-negative {@code long} speaker id to an {@code int} slot, so the
 * per-packet lookup in {@link DominantSpeaker} allocates nothing (no boxing, no entry objects).
 * Open addressing with linear probing; removal shifts the following entries back instead of leaving
 * tombstones, so lookups never slow down as speakers come and go. Not thread-safe.
 */
final class SpeakerIndex {

  static final int ABSENT = -1;

  private static final long EMPTY = -1L;

  private final long[] keys;
  private final int[] values;
  private final int mask;

  /** A map for up to {@code maxEntries} ids; the table is kept at most half full. */
  SpeakerIndex(int maxEntries) {
    int capacity = Integer.highestOneBit(Math.max(2, maxEntries) * 2 - 1) << 1;
    keys = new long[capacity];
    values = new int[capacity];
    mask = capacity - 1;
    java.util.Arrays.fill(keys, EMPTY);
  }

  /** The slot for {@code id}, or {@link #ABSENT}. */
  int get(long id) {
    for (int i = home(id); ; i = (i + 1) & mask) {
      long key = keys[i];
      if (key == id) {
        return values[i];
      }
      if (key == EMPTY) {
        return ABSENT;
      }
    }
  }

  /** Maps {@code id} (not negative) to {@code slot}, replacing any earlier slot. */
  void put(long id, int slot) {
    int i = home(id);
    while (keys[i] != EMPTY && keys[i] != id) {
      i = (i + 1) & mask;
    }
    keys[i] = id;
    values[i] = slot;
  }

  /** Forgets {@code id}; nothing happens when it is absent. */
  void remove(long id) {
    int i = home(id);
    while (keys[i] != id) {
      if (keys[i] == EMPTY) {
        return;
      }
      i = (i + 1) & mask;
    }
    // Backward-shift deletion: move later entries of the probe run into the hole when the hole
    // lies between their home and where they sit, so no lookup ever stops early at it.
    int hole = i;
    for (int j = (hole + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
      int home = home(keys[j]);
      boolean homeAfterHole = ((j - home) & mask) < ((j - hole) & mask);
      if (!homeAfterHole) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    keys[hole] = EMPTY;
  }

  private int home(long id) {
    // The 64-bit finaliser of MurmurHash3 spreads sequential ids and SSRCs over the table.
    long h = id;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h & mask;
  }
}
