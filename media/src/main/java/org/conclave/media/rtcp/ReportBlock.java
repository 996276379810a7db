package org.conclave.media.rtcp;

/**
 * One reception report block of an SR or RR (RFC 3550 §6.4.1), 24 bytes on the wire. Unsigned
 * 32-bit fields are held in {@code long}s.
 *
 * @param ssrc the source this block reports on
 * @param fractionLost loss since the previous report, in 1/256ths (0..255)
 * @param cumulativeLost packets lost since the start, a 24-bit signed number (duplicates can make
 *     it negative, RFC 3550 §6.4.1)
 * @param extendedHighestSequence cycles count (high 16 bits) and highest sequence number received
 * @param jitter interarrival jitter in RTP timestamp units
 * @param lastSenderReport the middle 32 bits of the NTP timestamp of the last SR received (LSR)
 * @param delaySinceLastSenderReport delay since that SR, in 1/65536 seconds (DLSR)
 */
public record ReportBlock(
    long ssrc,
    int fractionLost,
    int cumulativeLost,
    long extendedHighestSequence,
    long jitter,
    long lastSenderReport,
    long delaySinceLastSenderReport) {

  static final int LENGTH = 24;

  public ReportBlock {
    Rtcp.checkU32(ssrc, "ssrc");
    Rtcp.checkRange(fractionLost, 0, 255, "fractionLost");
    Rtcp.checkRange(cumulativeLost, -0x80_0000, 0x7F_FFFF, "cumulativeLost");
    Rtcp.checkU32(extendedHighestSequence, "extendedHighestSequence");
    Rtcp.checkU32(jitter, "jitter");
    Rtcp.checkU32(lastSenderReport, "lastSenderReport");
    Rtcp.checkU32(delaySinceLastSenderReport, "delaySinceLastSenderReport");
  }

  /** Reads the 24 bytes at {@code off}; the caller has checked they are there. */
  static ReportBlock read(byte[] b, int off) {
    // RFC 3550 §6.4.1: SSRC | fraction lost(8) cumulative lost(24) | ext. highest seq | jitter
    // | LSR | DLSR.
    int lost = Rtcp.u24(b, off + 5);
    return new ReportBlock(
        Rtcp.u32(b, off),
        Rtcp.u8(b, off + 4),
        (lost << 8) >> 8, // sign-extend 24 bits
        Rtcp.u32(b, off + 8),
        Rtcp.u32(b, off + 12),
        Rtcp.u32(b, off + 16),
        Rtcp.u32(b, off + 20));
  }

  void writeTo(byte[] b, int off) {
    Rtcp.put32(b, off, ssrc);
    b[off + 4] = (byte) fractionLost;
    Rtcp.put24(b, off + 5, cumulativeLost & 0xFF_FFFF);
    Rtcp.put32(b, off + 8, extendedHighestSequence);
    Rtcp.put32(b, off + 12, jitter);
    Rtcp.put32(b, off + 16, lastSenderReport);
    Rtcp.put32(b, off + 20, delaySinceLastSenderReport);
  }
}
