package org.conclave.media.sfu;

import org.conclave.media.rtp.RtpHeader;

/**
 * The rewriting step of the forwarding path, on its own so that benchmarks measure exactly what the
 * node runs. Allocation-free.
 */
public final class RtpRewriter {

  private RtpRewriter() {}

  /**
   * Copies an RTP packet into {@code dst} with a new payload type, sequence number, timestamp and
   * SSRC, and without its header extension block (subscribers negotiate none; the node keeps what
   * it read from them). CSRCs, marker, padding and payload are kept.
   *
   * @param headerLength the packet's header length including CSRCs and the extension block, as
   *     {@link RtpHeader#headerLength} gives it
   * @return the new packet's length; {@code dst} needs that much room (plus the SRTP tag)
   */
  public static int writeWithoutExtensions(
      byte[] src,
      int off,
      int len,
      int headerLength,
      byte[] dst,
      int dstOff,
      int payloadType,
      int seq,
      long ts,
      long ssrc) {
    int fixed = RtpHeader.FIXED_HEADER_LENGTH + 4 * RtpHeader.csrcCount(src, off);
    System.arraycopy(src, off, dst, dstOff, fixed);
    dst[dstOff] = (byte) (dst[dstOff] & ~0x10); // X = 0 (RFC 3550 §5.1)
    int payload = len - headerLength;
    System.arraycopy(src, off + headerLength, dst, dstOff + fixed, payload);
    RtpHeader.setPayloadType(dst, dstOff, payloadType);
    RtpHeader.setSequenceNumber(dst, dstOff, seq);
    RtpHeader.setTimestamp(dst, dstOff, ts);
    RtpHeader.setSsrc(dst, dstOff, ssrc);
    return fixed + payload;
  }
}
