package org.conclave.media.cc;

import java.util.Arrays;
import java.util.function.LongSupplier;
import org.conclave.media.rtp.RtpHeader;

/**
 * The recently sent RTP packets of one stream (one SSRC), kept so that a generic NACK (RFC 4585
 * §6.2.1) can be answered by sending the packet again — as it was, or wrapped as RTX (RFC 4588 §4)
 * by the caller, which then needs the original sequence number: {@link RtpHeader#sequenceNumber} of
 * what {@link #get} copied out.
 *
 * <h2>Storage</h2>
 *
 * A ring of {@link Settings#capacity()} slots of {@link Settings#slotSize()} bytes each, all
 * allocated once in the constructor (one flat array). A packet lives in slot {@code seq & (capacity
 * - 1)}; each slot also records the sequence number it holds, when it was inserted and how often it
 * was resent. The cache keeps a window of the {@code capacity} sequence numbers ending at the
 * newest one inserted, compared with RFC 3550 §A.1 serial arithmetic modulo 2^16, so the window
 * slides across 65535 → 0. When the newest sequence number moves forward, the slots of the numbers
 * it skipped are cleared, so every occupied slot holds a sequence number inside the window: {@link
 * #get} can never answer with an older packet that happens to share a slot (it also compares the
 * stored sequence number, as a second guard).
 *
 * <p>Store packets as they will go out before SRTP protection (after any per-subscriber rewrite): a
 * retransmission, and RTX above all, is protected again on the way out.
 *
 * <h2>What is refused</h2>
 *
 * {@link #insert} refuses (returns false, and counts) anything that is not RTP, carries another
 * SSRC, is larger than a slot, or lies outside the window behind the newest packet. A sequence
 * number that far away is taken as a restart of the stream only when the next packet follows it
 * (the probation of RFC 3550 §A.1); the cache is then emptied. {@link #get} answers -1 (and counts
 * why) when the packet is absent or evicted, older than {@link Settings#maxAgeMillis()}, already
 * resent {@link Settings#maxResends()} times, resent less than {@link
 * Settings#minResendIntervalMillis()} ago — which stops a storm of NACKs for the same loss from
 * multiplying traffic — or when the caller's buffer is too small.
 *
 * <h2>Threads and allocation</h2>
 *
 * Not thread-safe: one thread owns the cache — the forwarding loop, which inserts each packet as it
 * sends it and also handles the NACKs of that stream, so inserts and gets never race. {@link
 * #counters()} may be called from any thread (a metrics exporter): the counters are single-writer
 * volatile fields, so a reader sees recent, untorn values. {@link #insert} and {@link #get}
 * allocate nothing; the constructor allocates the ring; {@link #counters()} allocates its record.
 *
 * <h2>Time</h2>
 *
 * Ages come from an injected monotonic clock of nanoseconds ({@code System::nanoTime} in
 * production, a fake in tests). A wall clock ({@code InstantSource}) could step backwards and keep
 * a packet "resent too recently" for as long as the step; {@code nanoTime} does not step and
 * reading it allocates nothing.
 */
public final class PacketCache {

  /** What {@link #get} answers when it copies nothing. */
  public static final int MISS = -1;

  private static final int HALF_SEQUENCE_SPACE = 1 << 15;
  private static final int EMPTY = -1;

  /**
   * How a cache is sized and when it refuses to resend.
   *
   * @param capacity packets kept: a power of two from 16 to 32,768 (half the sequence space, so the
   *     window never looks ahead of itself)
   * @param slotSize the largest packet kept, in bytes: 12 to 65,535
   * @param maxAgeMillis a packet older than this is not resent: at least 1
   * @param maxResends how many times one packet may be resent: at least 1
   * @param minResendIntervalMillis the least time between two resends of one packet: 0 or more
   */
  public record Settings(
      int capacity, int slotSize, long maxAgeMillis, int maxResends, long minResendIntervalMillis) {

    /**
     * 512 packets of up to 1,500 bytes, kept 1,000 ms, each resent at most 3 times, 10 ms apart.
     */
    public static final Settings DEFAULTS = new Settings(512, 1500, 1000, 3, 10);

    /** Checks the values; a bad one throws with a sentence saying what is allowed. */
    public Settings {
      if (capacity < 16 || capacity > HALF_SEQUENCE_SPACE || Integer.bitCount(capacity) != 1) {
        throw new IllegalArgumentException(
            "packet cache capacity must be a power of two from 16 to 32768, not " + capacity);
      }
      if (slotSize < RtpHeader.FIXED_HEADER_LENGTH || slotSize > 0xFFFF) {
        throw new IllegalArgumentException(
            "packet cache slot size must be 12 to 65535 bytes, not " + slotSize);
      }
      if (maxAgeMillis < 1) {
        throw new IllegalArgumentException(
            "packet cache max age must be at least 1 ms, not " + maxAgeMillis);
      }
      if (maxResends < 1) {
        throw new IllegalArgumentException(
            "packet cache max resends must be at least 1, not " + maxResends);
      }
      if (minResendIntervalMillis < 0) {
        throw new IllegalArgumentException(
            "packet cache min resend interval must be 0 ms or more, not "
                + minResendIntervalMillis);
      }
    }
  }

  /**
   * A snapshot of one cache's counters. Every {@link #insert} call adds one to exactly one of the
   * {@code inserted}/{@code refused...} counters; every {@link #get} call adds one to {@code
   * resent} or to exactly one {@code miss...} counter.
   */
  public record Counters(
      long inserted,
      long refusedNotRtp,
      long refusedWrongSsrc,
      long refusedOversized,
      long refusedOutOfWindow,
      long resent,
      long missAbsent,
      long missTooOld,
      long missResentTooOften,
      long missResentTooRecently,
      long missNoRoom) {}

  private final long ssrc;
  private final int mask;
  private final int slotSize;
  private final long maxAgeNanos;
  private final int maxResends;
  private final long minResendIntervalNanos;
  private final LongSupplier nanoTime;

  private final byte[] data;
  private final int[] sequenceNumbers;
  private final int[] lengths;
  private final long[] insertedAt;
  private final int[] resends;
  private final long[] lastResentAt;

  /** The newest sequence number inserted, or EMPTY before the first packet. */
  private int newest = EMPTY;

  /** The sequence number that would confirm a restart of the stream, or EMPTY. */
  private int probation = EMPTY;

  private volatile long inserted;
  private volatile long refusedNotRtp;
  private volatile long refusedWrongSsrc;
  private volatile long refusedOversized;
  private volatile long refusedOutOfWindow;
  private volatile long resent;
  private volatile long missAbsent;
  private volatile long missTooOld;
  private volatile long missResentTooOften;
  private volatile long missResentTooRecently;
  private volatile long missNoRoom;

  /**
   * An empty cache for one stream.
   *
   * @param ssrc the stream's SSRC (its low 32 bits); packets with another SSRC are refused
   * @param settings sizes and limits
   * @param nanoTime a monotonic clock in nanoseconds, such as {@code System::nanoTime}
   */
  public PacketCache(long ssrc, Settings settings, LongSupplier nanoTime) {
    if (settings == null || nanoTime == null) {
      throw new NullPointerException("settings and nanoTime are required");
    }
    this.ssrc = ssrc & 0xFFFF_FFFFL;
    int capacity = settings.capacity();
    this.mask = capacity - 1;
    this.slotSize = settings.slotSize();
    this.maxAgeNanos = settings.maxAgeMillis() * 1_000_000L;
    this.maxResends = settings.maxResends();
    this.minResendIntervalNanos = settings.minResendIntervalMillis() * 1_000_000L;
    this.nanoTime = nanoTime;
    this.data = new byte[capacity * slotSize];
    this.sequenceNumbers = new int[capacity];
    this.lengths = new int[capacity];
    this.insertedAt = new long[capacity];
    this.resends = new int[capacity];
    this.lastResentAt = new long[capacity];
    Arrays.fill(sequenceNumbers, EMPTY);
  }

  /** The SSRC of the stream this cache keeps, as an unsigned 32-bit value. */
  public long ssrc() {
    return ssrc;
  }

  /**
   * Copies one RTP packet into the cache, replacing whatever held its slot. Refused (false, and
   * counted) when the bytes are not RTP, the SSRC is another stream's, the packet is larger than a
   * slot, or its sequence number is outside the window (see the class comment). Allocates nothing.
   *
   * @return whether the packet is now in the cache
   */
  public boolean insert(byte[] buf, int off, int len) {
    if (!RtpHeader.looksLikeRtp(buf, off, len)) {
      refusedNotRtp++;
      return false;
    }
    if (RtpHeader.ssrc(buf, off) != ssrc) {
      refusedWrongSsrc++;
      return false;
    }
    if (len > slotSize) {
      refusedOversized++;
      return false;
    }
    int seq = RtpHeader.sequenceNumber(buf, off);
    if (newest == EMPTY) {
      newest = seq;
    } else {
      // RFC 3550 §A.1: distances modulo 2^16; under half the space ahead counts as newer.
      int ahead = (seq - newest) & 0xFFFF;
      if (ahead != 0 && ahead < HALF_SEQUENCE_SPACE) {
        clearSkipped(ahead);
        newest = seq;
      } else if (((newest - seq) & 0xFFFF) > mask) {
        if (seq != probation) {
          probation = (seq + 1) & 0xFFFF;
          refusedOutOfWindow++;
          return false;
        }
        clearAll();
        newest = seq;
      }
    }
    probation = EMPTY;
    int slot = seq & mask;
    System.arraycopy(buf, off, data, slot * slotSize, len);
    sequenceNumbers[slot] = seq;
    lengths[slot] = len;
    insertedAt[slot] = nanoTime.getAsLong();
    resends[slot] = 0;
    inserted++;
    return true;
  }

  /**
   * Copies the packet with this sequence number into {@code dst} at {@code dstOff} to be resent,
   * and counts it as resent once. Answers {@link #MISS} (and counts why) when the packet is not in
   * the cache, is older than the max age, has been resent too often or too recently, or does not
   * fit in {@code dst}. The copy is the packet exactly as inserted. Allocates nothing.
   *
   * @param sequenceNumber the RTP sequence number asked for (its low 16 bits are used)
   * @return the packet's length, or {@link #MISS}
   */
  public int get(int sequenceNumber, byte[] dst, int dstOff) {
    int seq = sequenceNumber & 0xFFFF;
    int slot = seq & mask;
    if (newest == EMPTY || sequenceNumbers[slot] != seq || ((newest - seq) & 0xFFFF) > mask) {
      missAbsent++;
      return MISS;
    }
    long now = nanoTime.getAsLong();
    if (now - insertedAt[slot] > maxAgeNanos) {
      missTooOld++;
      return MISS;
    }
    if (resends[slot] >= maxResends) {
      missResentTooOften++;
      return MISS;
    }
    if (resends[slot] > 0 && now - lastResentAt[slot] < minResendIntervalNanos) {
      missResentTooRecently++;
      return MISS;
    }
    int len = lengths[slot];
    if (dst == null || dstOff < 0 || dstOff > dst.length - len) {
      missNoRoom++;
      return MISS;
    }
    System.arraycopy(data, slot * slotSize, dst, dstOff, len);
    resends[slot]++;
    lastResentAt[slot] = now;
    resent++;
    return len;
  }

  /** Empties the cache, as if no packet had been inserted; counters are kept. Allocates nothing. */
  public void clear() {
    clearAll();
    newest = EMPTY;
    probation = EMPTY;
  }

  /** A snapshot of the counters; may be called from any thread. */
  public Counters counters() {
    return new Counters(
        inserted,
        refusedNotRtp,
        refusedWrongSsrc,
        refusedOversized,
        refusedOutOfWindow,
        resent,
        missAbsent,
        missTooOld,
        missResentTooOften,
        missResentTooRecently,
        missNoRoom);
  }

  /** The window moves forward by {@code ahead}: the slots of the numbers skipped leave it. */
  private void clearSkipped(int ahead) {
    if (ahead > mask) {
      clearAll();
      return;
    }
    for (int i = 1; i < ahead; i++) {
      sequenceNumbers[(newest + i) & mask] = EMPTY;
    }
  }

  private void clearAll() {
    Arrays.fill(sequenceNumbers, EMPTY);
  }
}
