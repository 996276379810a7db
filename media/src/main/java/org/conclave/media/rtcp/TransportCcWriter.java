package org.conclave.media.rtcp;

/**
 * Builds one transport-cc feedback packet (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1)
 * from arrivals added one at a time, and writes it into a caller's buffer, allocating nothing after
 * construction: the media path's form of {@link TransportCcFeedback#fromArrivals} followed by
 * {@link TransportCcFeedback#write}, which produce the same bytes (the record uses this class to
 * compute its statuses, and the two share the chunk encoder).
 *
 * <p>Use: {@link #reset}, then {@link #add} arrivals in increasing (wrapping) sequence order, then
 * {@link #write}. Sequence numbers skipped between two arrivals are reported as not received. Not
 * thread-safe; one instance per writer thread.
 */
public final class TransportCcWriter {

  private final int[] symbols;
  private final int[] deltas;
  private int count;
  private int baseSequence;
  private int lastSequence;
  private long referenceTicks; // first arrival in 64 ms units
  private long previousMicros; // the previous received packet's time as rounded on the wire

  /**
   * A writer for packets of up to {@code capacity} statuses (received or not).
   *
   * @param capacity 1..65535
   */
  public TransportCcWriter(int capacity) {
    Rtcp.checkRange(capacity, 1, 0xFFFF, "capacity");
    this.symbols = new int[capacity];
    this.deltas = new int[capacity];
  }

  /** Starts a new, empty packet. */
  public void reset() {
    count = 0;
  }

  /** How many statuses the packet holds (received and not received). */
  public int statusCount() {
    return count;
  }

  /** The first status's sequence number; meaningful once something was added. */
  public int baseSequence() {
    return baseSequence;
  }

  /**
   * Adds a packet that arrived, after the statuses added so far: the sequence numbers in between
   * become "not received". The first arrival sets the base sequence number and the reference time
   * (its time rounded down to 64 ms); each delta is rounded to the nearest 250 µs tick and measured
   * from the previous packet's rounded time, so rounding errors do not add up.
   *
   * @param sequence the transport-wide sequence number, 0..65535
   * @param arrivalMicros the arrival time in microseconds, in the receiver's time base
   * @return false, changing nothing, when the arrival cannot join this packet: not after the last
   *     one in sequence order, more than ±8191.75 ms from the previous arrival (draft §3.1.5), or
   *     beyond the capacity — the caller then writes what it has and starts a new packet
   */
  public boolean add(int sequence, long arrivalMicros) {
    sequence &= 0xFFFF;
    long previous;
    int gap;
    if (count == 0) {
      long reference = Math.floorDiv(arrivalMicros, TransportCcFeedback.MICROS_PER_REFERENCE_TICK);
      previous = reference * TransportCcFeedback.MICROS_PER_REFERENCE_TICK;
      gap = 0;
    } else {
      int step = (sequence - lastSequence) & 0xFFFF;
      if (step == 0 || step >= 0x8000) {
        return false;
      }
      previous = previousMicros;
      gap = step - 1;
    }
    if (count + gap + 1 > symbols.length) {
      return false;
    }
    long ticks =
        Math.floorDiv(
            arrivalMicros - previous + TransportCcFeedback.MICROS_PER_TICK / 2,
            TransportCcFeedback.MICROS_PER_TICK);
    if (ticks < -32768 || ticks > 32767) {
      return false;
    }
    if (count == 0) {
      baseSequence = sequence;
      referenceTicks = Math.floorDiv(arrivalMicros, TransportCcFeedback.MICROS_PER_REFERENCE_TICK);
    }
    for (int i = 0; i < gap; i++) {
      symbols[count] = TransportCcFeedback.NOT_RECEIVED;
      deltas[count] = 0;
      count++;
    }
    symbols[count] =
        ticks >= 0 && ticks <= 255
            ? TransportCcFeedback.SMALL_DELTA
            : TransportCcFeedback.LARGE_DELTA;
    deltas[count] = (int) ticks;
    count++;
    lastSequence = sequence;
    previousMicros = previous + ticks * TransportCcFeedback.MICROS_PER_TICK;
    return true;
  }

  /** The packet's length in bytes, padding included; 0 when nothing was added. */
  public int length() {
    if (count == 0) {
      return 0;
    }
    return TransportCcFeedback.encodedLength(symbols, count);
  }

  /**
   * Writes the packet at {@code off}.
   *
   * @param feedbackPacketCount counts feedback packets modulo 256 (draft §3.1)
   * @return the bytes written ({@link #length()})
   * @throws IllegalStateException when nothing was added
   * @throws IllegalArgumentException when the packet does not fit in {@code buf} from {@code off}
   */
  public int write(long senderSsrc, long mediaSsrc, int feedbackPacketCount, byte[] buf, int off) {
    if (count == 0) {
      throw new IllegalStateException("no arrivals to report");
    }
    int referenceTime = (int) (referenceTicks << 40 >> 40); // the low 24 bits, sign-extended
    return TransportCcFeedback.write(
        senderSsrc,
        mediaSsrc,
        baseSequence,
        referenceTime,
        feedbackPacketCount & 0xFF,
        symbols,
        deltas,
        count,
        buf,
        off);
  }

  /** The status symbol at {@code index} (for {@link TransportCcFeedback#fromArrivals}). */
  int symbol(int index) {
    return symbols[index];
  }

  /** The delta in ticks at {@code index}. */
  int delta(int index) {
    return deltas[index];
  }

  /** The reference time as the wire carries it (24 bits, sign-extended). */
  int referenceTime() {
    return (int) (referenceTicks << 40 >> 40);
  }
}
