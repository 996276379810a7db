package org.conclave.media.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * Transport-wide congestion control feedback, RTPFB (205) format 15
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): for a run of transport-wide sequence
 * numbers, whether each packet arrived and, if it did, when — as a delta in 250 µs ticks from the
 * previous received packet (the first from the reference time).
 *
 * <p>The record holds the decoded statuses, one per sequence number, not the chunk layout; the
 * writer chooses chunks itself (run-length for runs, else a 1-bit vector when every symbol is "not
 * received" or "small delta", else a 2-bit vector), so parse → write → parse gives an equal record.
 * Build a feedback packet from arrival times with {@link #fromArrivals}; the media path writes one
 * without allocating with {@link TransportCcWriter}, which gives the same bytes.
 *
 * @param senderSsrc the receiver sending the feedback
 * @param mediaSsrc one of the media sources (transport-wide feedback names any)
 * @param baseSequence the transport-wide sequence number of the first status (0..65535)
 * @param referenceTime a 24-bit signed time in multiples of 64 ms, in the receiver's own time base
 * @param feedbackPacketCount counts feedback packets, modulo 256, so losses can be seen
 * @param packets one status per sequence number from {@code baseSequence} on, 1..65535 of them
 */
public record TransportCcFeedback(
    long senderSsrc,
    long mediaSsrc,
    int baseSequence,
    int referenceTime,
    int feedbackPacketCount,
    List<PacketStatus> packets)
    implements RtcpPacket {

  /** Status symbol "packet not received" (draft §3.1.1). */
  public static final int NOT_RECEIVED = 0;

  /** Status symbol "packet received, small delta": 8-bit unsigned delta (draft §3.1.1). */
  public static final int SMALL_DELTA = 1;

  /** Status symbol "packet received, large or negative delta": 16-bit signed delta. */
  public static final int LARGE_DELTA = 2;

  /** The receive delta unit (draft §3.1.5). */
  public static final long MICROS_PER_TICK = 250;

  /** The reference time unit (draft §3.1). */
  public static final long MICROS_PER_REFERENCE_TICK = 64_000;

  // RFC 4585 §6.1 header, sender SSRC, media SSRC; then base sequence(16), status count(16),
  // reference time(24), feedback packet count(8) (draft §3.1).
  private static final int FIXED = 20;
  private static final int MAX_RUN = 0x1FFF;

  /**
   * The status of one transport-wide sequence number.
   *
   * @param sequence the sequence number (0..65535)
   * @param symbol {@link #NOT_RECEIVED}, {@link #SMALL_DELTA} or {@link #LARGE_DELTA}
   * @param deltaTicks the receive delta in 250 µs ticks: 0 when not received, 0..255 for a small
   *     delta, -32768..32767 for a large one
   */
  public record PacketStatus(int sequence, int symbol, int deltaTicks) {
    public PacketStatus {
      Rtcp.checkRange(sequence, 0, 0xFFFF, "sequence");
      switch (symbol) {
        case NOT_RECEIVED -> Rtcp.checkRange(deltaTicks, 0, 0, "delta of a missing packet");
        case SMALL_DELTA -> Rtcp.checkRange(deltaTicks, 0, 255, "small delta");
        case LARGE_DELTA -> Rtcp.checkRange(deltaTicks, -32768, 32767, "large delta");
        default -> throw new IllegalArgumentException("unknown status symbol " + symbol);
      }
    }

    /** Whether the packet arrived. */
    public boolean received() {
      return symbol != NOT_RECEIVED;
    }
  }

  /**
   * A packet that arrived: its transport-wide sequence number and arrival time.
   *
   * @param sequence the transport-wide sequence number (0..65535)
   * @param arrivalMicros the arrival time in microseconds, in the receiver's time base
   */
  public record Arrival(int sequence, long arrivalMicros) {
    public Arrival {
      Rtcp.checkRange(sequence, 0, 0xFFFF, "sequence");
    }
  }

  public TransportCcFeedback {
    Rtcp.checkU32(senderSsrc, "senderSsrc");
    Rtcp.checkU32(mediaSsrc, "mediaSsrc");
    Rtcp.checkRange(baseSequence, 0, 0xFFFF, "baseSequence");
    Rtcp.checkRange(referenceTime, -0x80_0000, 0x7F_FFFF, "referenceTime");
    Rtcp.checkRange(feedbackPacketCount, 0, 255, "feedbackPacketCount");
    packets = List.copyOf(packets);
    // 65535 is the status count field's limit; the bound on deltas keeps the length field valid.
    Rtcp.checkRange(packets.size(), 1, 0xFFFF, "status count");
    for (int i = 0; i < packets.size(); i++) {
      if (packets.get(i).sequence() != ((baseSequence + i) & 0xFFFF)) {
        throw new IllegalArgumentException("status " + i + " is not for sequence base + " + i);
      }
    }
  }

  /**
   * Builds feedback for the packets that arrived, reporting every sequence number between the first
   * and the last as missing unless it is in {@code arrivals}. The reference time is the first
   * arrival rounded down to 64 ms; each delta is rounded to the nearest 250 µs tick and measured
   * from the previous packet's rounded time, so rounding errors do not add up.
   *
   * @param arrivals in increasing (wrapping) sequence order, at least one, spanning fewer than
   *     65536 sequence numbers; arrival times may go backwards (reordering)
   * @throws IllegalArgumentException when the order is wrong or two consecutive arrivals are more
   *     than ±8191.75 ms apart (the caller then starts a new feedback packet, draft §3.1.5)
   */
  public static TransportCcFeedback fromArrivals(
      long senderSsrc, long mediaSsrc, int feedbackPacketCount, List<Arrival> arrivals) {
    if (arrivals.isEmpty()) {
      throw new IllegalArgumentException("no arrivals to report");
    }
    for (int i = 1; i < arrivals.size(); i++) {
      int step = (arrivals.get(i).sequence() - arrivals.get(i - 1).sequence()) & 0xFFFF;
      if (step == 0 || step >= 0x8000) {
        throw new IllegalArgumentException("arrivals are not in sequence order at " + i);
      }
    }
    int base = arrivals.get(0).sequence();
    int span = ((arrivals.get(arrivals.size() - 1).sequence() - base) & 0xFFFF) + 1;
    if (arrivals.size() > 1 && spansMoreThanOneWrap(arrivals)) {
      throw new IllegalArgumentException("arrivals span more than 65535 sequence numbers");
    }
    TransportCcWriter writer = new TransportCcWriter(span);
    for (int i = 0; i < arrivals.size(); i++) {
      Arrival a = arrivals.get(i);
      if (!writer.add(a.sequence(), a.arrivalMicros())) {
        throw new IllegalArgumentException("arrival " + i + " is too far from the previous one");
      }
    }
    List<PacketStatus> statuses = new ArrayList<>(writer.statusCount());
    for (int i = 0; i < writer.statusCount(); i++) {
      statuses.add(new PacketStatus((base + i) & 0xFFFF, writer.symbol(i), writer.delta(i)));
    }
    return new TransportCcFeedback(
        senderSsrc, mediaSsrc, base, writer.referenceTime(), feedbackPacketCount, statuses);
  }

  /** Whether steps between consecutive arrivals add up to 65536 or more sequence numbers. */
  private static boolean spansMoreThanOneWrap(List<Arrival> arrivals) {
    long total = 0;
    for (int i = 1; i < arrivals.size(); i++) {
      total += (arrivals.get(i).sequence() - arrivals.get(i - 1).sequence()) & 0xFFFF;
    }
    return total > 0xFFFE;
  }

  /**
   * The arrival times of the received packets, in sequence order: reference time plus the running
   * sum of deltas. Times come back in the receiver's time base modulo 2^24 × 64 ms (the width of
   * the reference time field). Allocates the list.
   */
  public List<Arrival> arrivals() {
    List<Arrival> out = new ArrayList<>();
    long time = referenceTime * MICROS_PER_REFERENCE_TICK;
    for (PacketStatus p : packets) {
      if (p.received()) {
        time += p.deltaTicks() * MICROS_PER_TICK;
        out.add(new Arrival(p.sequence(), time));
      }
    }
    return out;
  }

  static TransportCcFeedback parse(byte[] b, int off, int len) {
    if (len < FIXED) {
      return null;
    }
    int end = off + len;
    int base = Rtcp.u16(b, off + 12);
    int count = Rtcp.u16(b, off + 14);
    int reference = (Rtcp.u24(b, off + 16) << 8) >> 8;
    int feedbackCount = Rtcp.u8(b, off + 19);
    if (count == 0) {
      return null;
    }
    // Each 2-byte chunk covers at most 8191 statuses: refuse a count the chunks cannot reach
    // before allocating for it, so a short packet cannot make us allocate for 65535 statuses.
    if ((long) (len - FIXED) / 2 * MAX_RUN < count) {
      return null;
    }
    // Draft §3.1.2-3.1.4: 16-bit chunks until every status is known. A chunk may describe more
    // symbols than remain (a vector's unused tail, a longer run); those are ignored.
    int[] symbols = new int[count];
    int filled = 0;
    int pos = off + FIXED;
    while (filled < count) {
      if (end - pos < 2) {
        return null;
      }
      int chunk = Rtcp.u16(b, pos);
      pos += 2;
      if ((chunk & 0x8000) == 0) {
        // Run length chunk (§3.1.3): T=0 | S(2) | run length(13).
        int symbol = (chunk >>> 13) & 0x3;
        if (symbol == 3) {
          return null; // reserved (§3.1.1)
        }
        int run = Math.min(chunk & MAX_RUN, count - filled);
        for (int i = 0; i < run; i++) {
          symbols[filled++] = symbol;
        }
      } else if ((chunk & 0x4000) == 0) {
        // Status vector chunk (§3.1.4), S=0: 14 one-bit symbols, 1 = received (small delta).
        for (int i = 0; i < 14 && filled < count; i++) {
          symbols[filled++] = (chunk >>> (13 - i)) & 0x1;
        }
      } else {
        // Status vector chunk (§3.1.4), S=1: 7 two-bit symbols.
        for (int i = 0; i < 7 && filled < count; i++) {
          int symbol = (chunk >>> (12 - 2 * i)) & 0x3;
          if (symbol == 3) {
            return null;
          }
          symbols[filled++] = symbol;
        }
      }
    }
    // Receive deltas (§3.1.5): one byte unsigned for a small delta, two bytes signed for a large.
    List<PacketStatus> statuses = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int delta = 0;
      if (symbols[i] == SMALL_DELTA) {
        if (end - pos < 1) {
          return null;
        }
        delta = Rtcp.u8(b, pos);
        pos += 1;
      } else if (symbols[i] == LARGE_DELTA) {
        if (end - pos < 2) {
          return null;
        }
        delta = (short) Rtcp.u16(b, pos);
        pos += 2;
      }
      statuses.add(new PacketStatus((base + i) & 0xFFFF, symbols[i], delta));
    }
    if (end - pos > 3) {
      return null; // more than the zero padding to 32 bits
    }
    return new TransportCcFeedback(
        Rtcp.u32(b, off + 4), Rtcp.u32(b, off + 8), base, reference, feedbackCount, statuses);
  }

  @Override
  public int packetType() {
    return Rtcp.PT_RTPFB;
  }

  @Override
  public int length() {
    return encodedLength(symbols(), packets.size());
  }

  @Override
  public int write(byte[] buf, int off) {
    int n = packets.size();
    int[] deltas = new int[n];
    for (int i = 0; i < n; i++) {
      deltas[i] = packets.get(i).deltaTicks();
    }
    return write(
        senderSsrc,
        mediaSsrc,
        baseSequence,
        referenceTime,
        feedbackPacketCount,
        symbols(),
        deltas,
        n,
        buf,
        off);
  }

  private int[] symbols() {
    int[] symbols = new int[packets.size()];
    for (int i = 0; i < symbols.length; i++) {
      symbols[i] = packets.get(i).symbol();
    }
    return symbols;
  }

  /** The length of a packet with these {@code n} statuses, padding included. Allocates nothing. */
  static int encodedLength(int[] symbols, int n) {
    int deltaBytes = 0;
    for (int i = 0; i < n; i++) {
      deltaBytes += symbols[i]; // a small delta takes one byte, a large one two, none zero
    }
    return Rtcp.align4(FIXED + 2 * writeChunks(symbols, n, null, 0) + deltaBytes);
  }

  /**
   * Writes a packet whose statuses are {@code symbols[0..n)} with their {@code deltas}; the fields
   * are as in the record. Allocates nothing. Shared by {@link #write(byte[], int)} and {@link
   * TransportCcWriter}.
   */
  static int write(
      long senderSsrc,
      long mediaSsrc,
      int baseSequence,
      int referenceTime,
      int feedbackPacketCount,
      int[] symbols,
      int[] deltas,
      int n,
      byte[] buf,
      int off) {
    int length = encodedLength(symbols, n);
    Rtcp.checkRoom(buf, off, length);
    Rtcp.putHeader(buf, off, Rtcp.FMT_TRANSPORT_CC, Rtcp.PT_RTPFB, length);
    Rtcp.put32(buf, off + 4, senderSsrc);
    Rtcp.put32(buf, off + 8, mediaSsrc);
    Rtcp.put16(buf, off + 12, baseSequence);
    Rtcp.put16(buf, off + 14, n);
    Rtcp.put24(buf, off + 16, referenceTime & 0xFF_FFFF);
    buf[off + 19] = (byte) feedbackPacketCount;
    int pos = off + FIXED + 2 * writeChunks(symbols, n, buf, off + FIXED);
    for (int i = 0; i < n; i++) {
      if (symbols[i] == SMALL_DELTA) {
        buf[pos++] = (byte) deltas[i];
      } else if (symbols[i] == LARGE_DELTA) {
        Rtcp.put16(buf, pos, deltas[i]);
        pos += 2;
      }
    }
    while (pos < off + length) {
      buf[pos++] = 0; // zero padding to 32 bits (§3.1)
    }
    return length;
  }

  /**
   * Encodes the statuses as chunks at {@code off} (or only counts them when {@code buf} is null)
   * and returns the number of chunks. A run that covers the rest, or at least 14 statuses, becomes
   * a run-length chunk; otherwise the next 14 statuses go in a 1-bit vector when they are all "not
   * received" or "small delta", else the next 7 in a 2-bit vector. Unused vector slots at the end
   * are zero. Allocates nothing.
   */
  private static int writeChunks(int[] symbols, int n, byte[] buf, int off) {
    int chunks = 0;
    int i = 0;
    while (i < n) {
      int remaining = n - i;
      int symbol = symbols[i];
      int run = 1;
      while (run < remaining && run < MAX_RUN && symbols[i + run] == symbol) {
        run++;
      }
      int chunk;
      if (run == remaining || run >= 14) {
        chunk = (symbol << 13) | run;
        i += run;
      } else if (allAtMostSmall(symbols, i, Math.min(14, remaining))) {
        chunk = 0x8000;
        int take = Math.min(14, remaining);
        for (int j = 0; j < take; j++) {
          chunk |= symbols[i + j] << (13 - j);
        }
        i += take;
      } else {
        chunk = 0xC000;
        int take = Math.min(7, remaining);
        for (int j = 0; j < take; j++) {
          chunk |= symbols[i + j] << (12 - 2 * j);
        }
        i += take;
      }
      if (buf != null) {
        Rtcp.put16(buf, off + 2 * chunks, chunk);
      }
      chunks++;
    }
    return chunks;
  }

  private static boolean allAtMostSmall(int[] symbols, int from, int count) {
    for (int j = from; j < from + count; j++) {
      if (symbols[j] > SMALL_DELTA) {
        return false;
      }
    }
    return true;
  }
}
