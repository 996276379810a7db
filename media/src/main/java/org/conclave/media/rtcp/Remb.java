package org.conclave.media.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * Receiver estimated maximum bitrate, PSFB (206) format 15 with the "REMB" identifier
 * (draft-alvestrand-rmcat-remb-03 §2.2). The bitrate travels as an 18-bit mantissa shifted left by
 * a 6-bit exponent, so large values lose their low bits: the writer rounds down to the nearest
 * value it can express ({@link #representable}).
 *
 * @param senderSsrc the receiver sending the estimate
 * @param bitrateBps the estimated maximum total bitrate, in bits per second, at least 0
 * @param ssrcs the sources the estimate applies to, at most 255
 */
public record Remb(long senderSsrc, long bitrateBps, List<Long> ssrcs) implements RtcpPacket {

  // RFC 4585 §6.1 header, packet sender SSRC, media SSRC (0), then 'REMB', Num SSRC(8),
  // BR Exp(6), BR Mantissa(18) (draft-alvestrand-rmcat-remb-03 §2.2).
  private static final int FIXED = 20;
  private static final int MAX_MANTISSA = (1 << 18) - 1;

  public Remb {
    Rtcp.checkU32(senderSsrc, "senderSsrc");
    if (bitrateBps < 0) {
      throw new IllegalArgumentException("bitrateBps must not be negative: " + bitrateBps);
    }
    ssrcs = List.copyOf(ssrcs);
    Rtcp.checkRange(ssrcs.size(), 0, 255, "SSRC count");
    for (long ssrc : ssrcs) {
      Rtcp.checkU32(ssrc, "ssrc");
    }
  }

  /** The largest bitrate at most {@code bitrateBps} that the exponent/mantissa form can carry. */
  public static long representable(long bitrateBps) {
    int exponent = exponentFor(bitrateBps);
    return (bitrateBps >>> exponent) << exponent;
  }

  private static int exponentFor(long bitrateBps) {
    int exponent = 0;
    while ((bitrateBps >>> exponent) > MAX_MANTISSA) {
      exponent++;
    }
    return exponent;
  }

  /** Whether the PSFB/AFB packet at {@code off} carries the "REMB" identifier. */
  static boolean isRemb(byte[] b, int off, int len) {
    return len >= 16
        && b[off + 12] == 'R'
        && b[off + 13] == 'E'
        && b[off + 14] == 'M'
        && b[off + 15] == 'B';
  }

  static Remb parse(byte[] b, int off, int len) {
    if (len < FIXED) {
      return null;
    }
    int count = Rtcp.u8(b, off + 16);
    int exponent = Rtcp.u8(b, off + 17) >>> 2;
    long mantissa = Rtcp.u24(b, off + 17) & MAX_MANTISSA;
    if (len < FIXED + 4 * count) {
      return null;
    }
    // A value that does not fit a long is not an estimate anyone meant to send.
    if (exponent > 0 && mantissa != 0 && Long.numberOfLeadingZeros(mantissa) <= exponent) {
      return null;
    }
    List<Long> ssrcs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ssrcs.add(Rtcp.u32(b, off + FIXED + 4 * i));
    }
    return new Remb(Rtcp.u32(b, off + 4), mantissa << exponent, ssrcs);
  }

  @Override
  public int packetType() {
    return Rtcp.PT_PSFB;
  }

  @Override
  public int length() {
    return FIXED + 4 * ssrcs.size();
  }

  @Override
  public int write(byte[] buf, int off) {
    int length = length();
    Rtcp.checkRoom(buf, off, length);
    Rtcp.putHeader(buf, off, Rtcp.FMT_AFB, Rtcp.PT_PSFB, length);
    Rtcp.put32(buf, off + 4, senderSsrc);
    Rtcp.put32(buf, off + 8, 0);
    buf[off + 12] = 'R';
    buf[off + 13] = 'E';
    buf[off + 14] = 'M';
    buf[off + 15] = 'B';
    buf[off + 16] = (byte) ssrcs.size();
    int exponent = exponentFor(bitrateBps);
    int mantissa = (int) (bitrateBps >>> exponent);
    Rtcp.put24(buf, off + 17, (exponent << 18) | mantissa);
    for (int i = 0; i < ssrcs.size(); i++) {
      Rtcp.put32(buf, off + FIXED + 4 * i, ssrcs.get(i));
    }
    return length;
  }
}
