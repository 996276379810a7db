package org.conclave.media.sfu;

/**
 * The packets of one published video stream that were lost between the publisher and the node, and
 * when to ask the publisher for them again with a NACK (RFC 4585 §6.2.1). A browser resends a
 * NACKed packet; the node forwards it late like any other, so every subscriber that missed it
 * because of the publisher's uplink gets it too (their own NACKs miss the cache until it arrives,
 * and are answered from it afterwards).
 *
 * <p>A jump of more than {@link #MAX_GAP} sequence numbers is a new position in the stream (a long
 * outage, a restart), not a loss: nothing is asked for it, subscribers recover from a keyframe. A
 * missing packet is asked for at most {@link #TRIES} times, {@link #RETRY_NANOS} apart, and
 * forgotten after {@link #GIVE_UP_NANOS} (the subscribers' jitter buffers have given up by then).
 * Loop thread only; nothing is allocated.
 */
final class UpstreamLoss {

  /** The largest gap taken for loss; also how many missing packets are remembered at once. */
  static final int MAX_GAP = 128;

  static final int TRIES = 3;
  static final long RETRY_NANOS = 100_000_000L;
  static final long GIVE_UP_NANOS = 1_000_000_000L;

  private final int[] seqs = new int[MAX_GAP];
  private final long[] lostAt = new long[MAX_GAP];
  private final long[] askedAt = new long[MAX_GAP];
  private final int[] tries = new int[MAX_GAP];
  private int count;
  private int highest = -1;
  private long recovered;
  private long givenUp;

  /**
   * Notes an arriving packet. Returns true when it revealed a gap (newly missing packets that are
   * due to be asked for now).
   */
  boolean onPacket(int seq, long now) {
    if (highest < 0) {
      highest = seq;
      return false;
    }
    int ahead = (seq - highest) & 0xFFFF;
    if (ahead == 0) {
      return false;
    }
    if (ahead < 0x8000) {
      boolean gap = false;
      if (ahead > MAX_GAP) {
        count = 0; // a new position in the stream: nothing to recover
      } else {
        for (int s = (highest + 1) & 0xFFFF; s != seq; s = (s + 1) & 0xFFFF) {
          if (count == MAX_GAP) {
            remove(0); // the oldest goes first
          }
          seqs[count] = s;
          lostAt[count] = now;
          askedAt[count] = Long.MIN_VALUE;
          tries[count] = 0;
          count++;
          gap = true;
        }
      }
      highest = seq;
      return gap;
    }
    // Older than the highest: a resent or reordered packet.
    for (int i = 0; i < count; i++) {
      if (seqs[i] == seq) {
        remove(i);
        recovered++;
        break;
      }
    }
    return false;
  }

  /**
   * Puts into {@code out} the sequence numbers to ask for now (and counts the ask), forgetting
   * those asked for too often or too long ago. Returns how many were put.
   */
  int due(long now, int[] out) {
    int n = 0;
    int i = 0;
    while (i < count) {
      if (tries[i] >= TRIES || now - lostAt[i] > GIVE_UP_NANOS) {
        remove(i);
        givenUp++;
        continue;
      }
      if ((tries[i] == 0 || now - askedAt[i] >= RETRY_NANOS) && n < out.length) {
        out[n++] = seqs[i];
        askedAt[i] = now;
        tries[i]++;
      }
      i++;
    }
    return n;
  }

  /** Packets missing now. */
  int missing() {
    return count;
  }

  /** Packets that came again after they were missed. */
  long recovered() {
    return recovered;
  }

  /** Packets asked for in vain (too many tries or too old). */
  long givenUp() {
    return givenUp;
  }

  private void remove(int i) {
    int tail = count - i - 1;
    System.arraycopy(seqs, i + 1, seqs, i, tail);
    System.arraycopy(lostAt, i + 1, lostAt, i, tail);
    System.arraycopy(askedAt, i + 1, askedAt, i, tail);
    System.arraycopy(tries, i + 1, tries, i, tail);
    count--;
  }
}
