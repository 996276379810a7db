package org.conclave.media.rtp;

/**
 * Allocation-free reads and in-place rewrites of the fixed RTP header (RFC 3550 §5.1), for the
 * forwarding path, which calls these once per packet per subscriber.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The getters and setters do not check bounds beyond what {@link #looksLikeRtp} already checked:
 * call them only on a packet that passed {@link #looksLikeRtp} (or {@link RtpPacket#parse}) with
 * the same offset. They allocate nothing and are safe on any thread that owns the buffer.
 */
public final class RtpHeader {

  /** The fixed header is 12 bytes (RFC 3550 §5.1). */
  public static final int FIXED_HEADER_LENGTH = 12;

  /** RTP version 2, the only version (RFC 3550 §5.1). */
  public static final int VERSION = 2;

  private RtpHeader() {}

  /**
   * Cheap demultiplexing check: at least a fixed header, version 2, and a payload type outside
   * 64-95. When RTP and RTCP share a port (RFC 5761 §4), RTCP packet types 192-223 occupy the
   * second byte where RTP has the marker bit and payload type; with the marker folded away they are
   * payload types 64-95, which RTP must therefore not use. Version 2 also separates RTP from STUN,
   * DTLS and TURN channels on the same port (first byte 128-191, RFC 7983 §7).
   */
  public static boolean looksLikeRtp(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < FIXED_HEADER_LENGTH || off > buf.length - len) {
      return false;
    }
    if (((buf[off] & 0xFF) >>> 6) != VERSION) {
      return false;
    }
    int pt = buf[off + 1] & 0x7F;
    return pt < 64 || pt > 95;
  }

  /**
   * The length of the header including CSRCs and the header extension block, or -1 when the packet
   * is not RTP or is too short to hold that header. Checks bounds; allocates nothing.
   */
  public static int headerLength(byte[] buf, int off, int len) {
    if (!looksLikeRtp(buf, off, len)) {
      return -1;
    }
    int length = FIXED_HEADER_LENGTH + 4 * csrcCount(buf, off);
    if (hasExtension(buf, off)) {
      // RFC 3550 §5.3.1: 16-bit profile, 16-bit length in 32-bit words, then the words.
      if (length + 4 > len) {
        return -1;
      }
      length += 4 + 4 * readUint16(buf, off + length + 2);
    }
    return length <= len ? length : -1;
  }

  /** The version field, the top two bits of the first byte (RFC 3550 §5.1). */
  public static int version(byte[] buf, int off) {
    return (buf[off] & 0xFF) >>> 6;
  }

  /** The padding bit P (RFC 3550 §5.1). */
  public static boolean hasPadding(byte[] buf, int off) {
    return (buf[off] & 0x20) != 0;
  }

  /** The padding count in the packet's last byte when P is set (RFC 3550 §5.1), else 0. */
  public static int paddingLength(byte[] buf, int off, int len) {
    if (!hasPadding(buf, off) || len < 1) {
      return 0;
    }
    return buf[off + len - 1] & 0xFF;
  }

  /** The extension bit X (RFC 3550 §5.1). */
  public static boolean hasExtension(byte[] buf, int off) {
    return (buf[off] & 0x10) != 0;
  }

  /** The CSRC count CC, 0-15 (RFC 3550 §5.1). */
  public static int csrcCount(byte[] buf, int off) {
    return buf[off] & 0x0F;
  }

  /** The marker bit M (RFC 3550 §5.1). */
  public static boolean marker(byte[] buf, int off) {
    return (buf[off + 1] & 0x80) != 0;
  }

  /** The 7-bit payload type (RFC 3550 §5.1). */
  public static int payloadType(byte[] buf, int off) {
    return buf[off + 1] & 0x7F;
  }

  /** The 16-bit sequence number, 0-65535 (RFC 3550 §5.1). */
  public static int sequenceNumber(byte[] buf, int off) {
    return readUint16(buf, off + 2);
  }

  /** The 32-bit timestamp as an unsigned value in a long (RFC 3550 §5.1). */
  public static long timestamp(byte[] buf, int off) {
    return readUint32(buf, off + 4);
  }

  /** The 32-bit SSRC as an unsigned value in a long (RFC 3550 §5.1). */
  public static long ssrc(byte[] buf, int off) {
    return readUint32(buf, off + 8);
  }

  /** Sets the marker bit, leaving the payload type as it is. */
  public static void setMarker(byte[] buf, int off, boolean marker) {
    buf[off + 1] = (byte) (marker ? buf[off + 1] | 0x80 : buf[off + 1] & 0x7F);
  }

  /** Sets the payload type (its low 7 bits are used), leaving the marker bit as it is. */
  public static void setPayloadType(byte[] buf, int off, int payloadType) {
    buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (payloadType & 0x7F));
  }

  /** Sets the sequence number (its low 16 bits are used). */
  public static void setSequenceNumber(byte[] buf, int off, int sequenceNumber) {
    writeUint16(buf, off + 2, sequenceNumber);
  }

  /** Sets the timestamp (its low 32 bits are used). */
  public static void setTimestamp(byte[] buf, int off, long timestamp) {
    writeUint32(buf, off + 4, timestamp);
  }

  /** Sets the SSRC (its low 32 bits are used). */
  public static void setSsrc(byte[] buf, int off, long ssrc) {
    writeUint32(buf, off + 8, ssrc);
  }

  static int readUint16(byte[] buf, int at) {
    return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
  }

  static int readUint24(byte[] buf, int at) {
    return ((buf[at] & 0xFF) << 16) | ((buf[at + 1] & 0xFF) << 8) | (buf[at + 2] & 0xFF);
  }

  static long readUint32(byte[] buf, int at) {
    return ((long) (buf[at] & 0xFF) << 24)
        | ((buf[at + 1] & 0xFF) << 16)
        | ((buf[at + 2] & 0xFF) << 8)
        | (buf[at + 3] & 0xFF);
  }

  static void writeUint16(byte[] buf, int at, int value) {
    buf[at] = (byte) (value >>> 8);
    buf[at + 1] = (byte) value;
  }

  static void writeUint24(byte[] buf, int at, int value) {
    buf[at] = (byte) (value >>> 16);
    buf[at + 1] = (byte) (value >>> 8);
    buf[at + 2] = (byte) value;
  }

  static void writeUint32(byte[] buf, int at, long value) {
    buf[at] = (byte) (value >>> 24);
    buf[at + 1] = (byte) (value >>> 16);
    buf[at + 2] = (byte) (value >>> 8);
    buf[at + 3] = (byte) value;
  }
}
