package org.conclave.media.sfu;

/**
 * Paces the video the node sends one subscriber, so that a keyframe (tens of packets that arrive
 * from the publisher at once) leaves spread over time at a multiple of the subscriber's bandwidth
 * estimate instead of as one burst that would overflow a narrow link's queue. A packet goes out at
 * once while the budget allows and nothing waits; otherwise it waits its turn in a ring of
 * preallocated slots and leaves on the node's 5 ms pacing tick ({@link #drain}). The budget grows
 * at {@link #FACTOR} times the estimate (as libwebrtc's pacer does, so pacing smooths bursts
 * without holding the average back) and is capped at {@link #BURST_NANOS} of it. A backlog longer
 * than {@link #MAX_DELAY_NANOS} at that rate is drained faster, so the pacer never adds more delay
 * than that; when every slot is full the newest packet is dropped and counted (NACK and RTX recover
 * it).
 *
 * <p>Audio, retransmissions and probes are not paced. Loop thread only; nothing is allocated after
 * the slots, which are made on the first packet that has to wait.
 */
final class Pacer {

  /** Pacing rate over the bandwidth estimate. */
  static final double FACTOR = 2.5;

  /** The pacing tick. */
  static final long TICK_NANOS = 5_000_000L;

  /** How much sending time the budget may save up. */
  static final long BURST_NANOS = 10_000_000L;

  /** The longest a packet waits: a longer backlog is sent faster. */
  static final long MAX_DELAY_NANOS = 300_000_000L;

  /** Packets that may wait. */
  static final int SLOTS = 128;

  /**
   * Sends one packet (plain RTP, with room for the SRTP tag after it) with the caller's {@code
   * stamp} (what to do at the moment of sending) and the time it was offered at (its arrival); true
   * when it went out.
   */
  interface Sender {
    boolean send(byte[] buf, int off, int len, int stamp, long offeredNanos);
  }

  private final Sender sender;
  private final int slotBytes;
  private byte[][] slots;
  private int[] lengths;
  private int[] stamps;
  private long[] enqueued;
  private int head;
  private int size;
  private long queuedBytes;
  private double budgetBytes;
  private long lastRefillNanos = Long.MIN_VALUE;
  private long paced;
  private long dropped;

  Pacer(Sender sender, int slotBytes) {
    this.sender = sender;
    this.slotBytes = slotBytes;
  }

  /**
   * Sends {@code buf[0..len)} (with {@code stamp} for the sender) now if the budget allows and
   * nothing waits, else queues a copy; {@code now} is the packet's arrival, given back to the
   * sender. Returns false when it was dropped (the queue is full) or the sender refused it.
   */
  boolean offer(byte[] buf, int len, int stamp, long rateBps, long now) {
    refill(rateBps, now);
    if (size == 0 && budgetBytes > 0) {
      budgetBytes -= len;
      return sender.send(buf, 0, len, stamp, now);
    }
    if (size == SLOTS || len > slotBytes) {
      dropped++;
      return false;
    }
    if (slots == null) {
      slots = new byte[SLOTS][slotBytes + Forwarder.SRTP_ROOM];
      lengths = new int[SLOTS];
      stamps = new int[SLOTS];
      enqueued = new long[SLOTS];
    }
    int tail = (head + size) % SLOTS;
    System.arraycopy(buf, 0, slots[tail], 0, len);
    lengths[tail] = len;
    stamps[tail] = stamp;
    enqueued[tail] = now;
    size++;
    queuedBytes += len;
    paced++;
    return true;
  }

  /** Sends what the budget allows of what waits. */
  void drain(long rateBps, long now) {
    if (size == 0) {
      return;
    }
    refill(rateBps, now);
    while (size > 0 && budgetBytes > 0) {
      int len = lengths[head];
      budgetBytes -= len;
      queuedBytes -= len;
      sender.send(slots[head], 0, len, stamps[head], enqueued[head]);
      head = (head + 1) % SLOTS;
      size--;
    }
  }

  private void refill(long rateBps, long now) {
    // A backlog is cleared before its oldest packet has waited MAX_DELAY_NANOS, whatever the
    // estimate says.
    double bytesPerNano = rateBps * FACTOR / 8e9;
    if (size > 0) {
      long left = Math.max(TICK_NANOS, MAX_DELAY_NANOS - (now - enqueued[head]));
      bytesPerNano = Math.max(bytesPerNano, (double) queuedBytes / left);
    }
    if (lastRefillNanos != Long.MIN_VALUE) {
      budgetBytes += (now - lastRefillNanos) * bytesPerNano;
    } else {
      budgetBytes = BURST_NANOS * bytesPerNano;
    }
    budgetBytes = Math.min(budgetBytes, BURST_NANOS * bytesPerNano);
    lastRefillNanos = now;
  }

  /** Whether packets wait. */
  boolean waiting() {
    return size > 0;
  }

  /** Packets that had to wait. */
  long paced() {
    return paced;
  }

  /** Packets dropped because every slot was full. */
  long dropped() {
    return dropped;
  }
}
