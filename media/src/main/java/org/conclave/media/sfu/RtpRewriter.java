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
    return rewrite(src, off, len, headerLength, dst, dstOff, 0, payloadType, seq, ts, ssrc);
  }

  /**
   * Copies the fixed header and CSRCs, leaves {@code block} bytes for an extension block of the
   * caller's (X set when there is one), copies the payload after it and rewrites the header fields.
   */
  private static int rewrite(
      byte[] src,
      int off,
      int len,
      int headerLength,
      byte[] dst,
      int dstOff,
      int block,
      int payloadType,
      int seq,
      long ts,
      long ssrc) {
    int fixed = RtpHeader.FIXED_HEADER_LENGTH + 4 * RtpHeader.csrcCount(src, off);
    System.arraycopy(src, off, dst, dstOff, fixed);
    // X (RFC 3550 §5.1): set only for our own block.
    dst[dstOff] = (byte) (block > 0 ? dst[dstOff] | 0x10 : dst[dstOff] & ~0x10);
    int payload = len - headerLength;
    System.arraycopy(src, off + headerLength, dst, dstOff + fixed + block, payload);
    RtpHeader.setPayloadType(dst, dstOff, payloadType);
    RtpHeader.setSequenceNumber(dst, dstOff, seq);
    RtpHeader.setTimestamp(dst, dstOff, ts);
    RtpHeader.setSsrc(dst, dstOff, ssrc);
    return fixed + block + payload;
  }

  /** Length of the header extension block {@link #writeWithTransportSequence} writes. */
  public static final int TRANSPORT_SEQUENCE_BLOCK = 8;

  /**
   * Like {@link #writeWithoutExtensions}, but with a header extension block of its own that holds
   * only the subscriber's transport-wide sequence number (one-byte form, RFC 8285 §4.2: the 0xBEDE
   * profile, one word of elements: id and length 1, the 16-bit number, one byte of padding), for
   * the subscriber's transport-cc feedback.
   */
  public static int writeWithTransportSequence(
      byte[] src,
      int off,
      int len,
      int headerLength,
      byte[] dst,
      int dstOff,
      int payloadType,
      int seq,
      long ts,
      long ssrc,
      int extensionId,
      int transportSequence) {
    int n =
        rewrite(
            src,
            off,
            len,
            headerLength,
            dst,
            dstOff,
            TRANSPORT_SEQUENCE_BLOCK,
            payloadType,
            seq,
            ts,
            ssrc);
    int fixed = RtpHeader.FIXED_HEADER_LENGTH + 4 * RtpHeader.csrcCount(src, off);
    writeTransportSequenceBlock(dst, dstOff + fixed, extensionId, transportSequence);
    return n;
  }

  /** Writes the 8-byte block of {@link #writeWithTransportSequence} at {@code at}. */
  public static void writeTransportSequenceBlock(
      byte[] dst, int at, int extensionId, int transportSequence) {
    dst[at] = (byte) 0xBE;
    dst[at + 1] = (byte) 0xDE;
    dst[at + 2] = 0;
    dst[at + 3] = 1; // one 32-bit word of elements
    dst[at + 4] = (byte) (extensionId << 4 | 1); // length - 1 = 1: two bytes of data
    dst[at + 5] = (byte) (transportSequence >>> 8);
    dst[at + 6] = (byte) transportSequence;
    dst[at + 7] = 0; // padding
  }
}
