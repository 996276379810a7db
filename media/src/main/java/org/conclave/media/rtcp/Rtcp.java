package org.conclave.media.rtcp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Constants, the RTP/RTCP demultiplexing check and in-place header readers for RTCP (RFC 3550
 * §6.4). The readers allocate nothing, so the forwarding path can look at a packet's type and
 * sender before deciding whether to parse it.
 */
public final class Rtcp {

  /** Sender report, RFC 3550 §6.4.1. */
  public static final int PT_SR = 200;

  /** Receiver report, RFC 3550 §6.4.2. */
  public static final int PT_RR = 201;

  /** Source description, RFC 3550 §6.5. */
  public static final int PT_SDES = 202;

  /** Goodbye, RFC 3550 §6.6. */
  public static final int PT_BYE = 203;

  /** Transport-layer feedback, RFC 4585 §6.1. */
  public static final int PT_RTPFB = 205;

  /** Payload-specific feedback, RFC 4585 §6.1. */
  public static final int PT_PSFB = 206;

  /** RTPFB format of a generic NACK, RFC 4585 §6.2.1. */
  public static final int FMT_NACK = 1;

  /** RTPFB format of transport-wide congestion control feedback (draft-holmer-…-01 §3.1). */
  public static final int FMT_TRANSPORT_CC = 15;

  /** PSFB format of a picture loss indication, RFC 4585 §6.3.1. */
  public static final int FMT_PLI = 1;

  /** PSFB format of a full intra request, RFC 5104 §4.3.1. */
  public static final int FMT_FIR = 4;

  /** PSFB format of application-layer feedback (REMB), RFC 4585 §6.4. */
  public static final int FMT_AFB = 15;

  /** Every RTCP packet starts with this 4-byte header, RFC 3550 §6.4.1. */
  static final int HEADER_LENGTH = 4;

  private Rtcp() {}

  /**
   * Whether {@code len} bytes at {@code off} look like RTCP rather than RTP on a muxed port: RTP
   * version 2 and a second octet in 192..223 (RFC 5761 §4; RTP payload types 64..95 are kept free
   * so this range never clashes with an RTP marker bit plus payload type). Does not validate the
   * packet; allocates nothing.
   */
  public static boolean looksLikeRtcp(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < 8 || off > buf.length - len) {
      return false;
    }
    int pt = buf[off + 1] & 0xFF;
    return (buf[off] & 0xC0) == 0x80 && pt >= 192 && pt <= 223;
  }

  /** The packet type of the RTCP header at {@code off} (RFC 3550 §6.4.1, second octet). */
  public static int packetType(byte[] buf, int off) {
    return buf[off + 1] & 0xFF;
  }

  /**
   * The 5-bit count (RC/SC) or feedback format (FMT, RFC 4585 §6.1) of the header at {@code off}.
   */
  public static int countOrFormat(byte[] buf, int off) {
    return buf[off] & 0x1F;
  }

  /**
   * The SSRC that follows the 4-byte header at {@code off}: the sender of an SR, RR or feedback
   * packet (RFC 3550 §6.4, RFC 4585 §6.1). The caller checks that 8 bytes are there.
   */
  public static long senderSsrc(byte[] buf, int off) {
    return u32(buf, off + 4);
  }

  // Big-endian ("network order", RFC 3550 §6) readers and writers.

  static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  static int u16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  static int u24(byte[] b, int i) {
    return ((b[i] & 0xFF) << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF);
  }

  static long u32(byte[] b, int i) {
    return ((long) u16(b, i) << 16) | u16(b, i + 2);
  }

  static long u64(byte[] b, int i) {
    return (u32(b, i) << 32) | u32(b, i + 4);
  }

  static void put16(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  static void put24(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 16);
    b[i + 1] = (byte) (v >>> 8);
    b[i + 2] = (byte) v;
  }

  static void put32(byte[] b, int i, long v) {
    put16(b, i, (int) (v >>> 16));
    put16(b, i + 2, (int) v);
  }

  static void put64(byte[] b, int i, long v) {
    put32(b, i, v >>> 32);
    put32(b, i + 4, v);
  }

  /**
   * Writes the common header (RFC 3550 §6.4.1): version 2, no padding, the count or format, the
   * packet type and the length in 32-bit words minus one. {@code totalLength} must be a multiple of
   * 4.
   */
  static void putHeader(byte[] b, int off, int countOrFormat, int packetType, int totalLength) {
    b[off] = (byte) (0x80 | countOrFormat);
    b[off + 1] = (byte) packetType;
    put16(b, off + 2, totalLength / 4 - 1);
  }

  /** Checks that {@code length} bytes fit at {@code off} before anything is written. */
  static void checkRoom(byte[] buf, int off, int length) {
    Objects.checkFromIndexSize(off, length, buf.length);
  }

  static void checkU32(long v, String name) {
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(name + " must fit in 32 unsigned bits: " + v);
    }
  }

  static void checkRange(long v, long min, long max, String name) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ": " + v);
    }
  }

  /** Strict UTF-8 decoding (RFC 3550 §6.5: SDES text is UTF-8); null when the bytes are not. */
  static String utf8OrNull(byte[] b, int off, int len) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Rounds up to the next multiple of 4 (RTCP packets are 32-bit aligned, RFC 3550 §6.4.1). */
  static int align4(int n) {
    return (n + 3) & ~3;
  }
}
