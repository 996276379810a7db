package org.conclave.media.stun;

/**
 * Constants and allocation-free header checks for STUN (RFC 8489, compatible with RFC 5389), the
 * protocol of ICE connectivity checks (RFC 8445 §7.1).
 *
 * <p>The STUN header (RFC 8489 §5):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * |                     Transaction ID (96 bits)                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>The message type interleaves a 12-bit method with a 2-bit class (RFC 8489 §5, figure 3):
 * {@code M11..M7 C1 M6..M4 C0 M3..M0}. Message Length counts the attributes only, not the 20-byte
 * header, and is a multiple of 4 because every attribute is padded to 4 bytes.
 *
 * <p>Everything here reads the caller's buffer in place, allocates nothing and is safe on any
 * thread that owns the buffer.
 */
public final class Stun {

  /** Binding request, method 0x001 class request (RFC 8489 §18.2). */
  public static final int BINDING_REQUEST = 0x0001;

  /** Binding success response, class 0b10. */
  public static final int BINDING_SUCCESS = 0x0101;

  /** Binding error response, class 0b11. */
  public static final int BINDING_ERROR = 0x0111;

  /** Binding indication, class 0b01 (ICE keepalives, RFC 8445 §11). */
  public static final int BINDING_INDICATION = 0x0011;

  /** The fixed value at bytes 4-7 of every RFC 5389/8489 message (RFC 8489 §5). */
  public static final int MAGIC_COOKIE = 0x2112A442;

  /** The header is 20 bytes (RFC 8489 §5). */
  static final int HEADER_LENGTH = 20;

  /** Offset of the 96-bit transaction ID in the header (RFC 8489 §5). */
  static final int TRANSACTION_ID_OFFSET = 8;

  /** Length of the transaction ID (RFC 8489 §5). */
  static final int TRANSACTION_ID_LENGTH = 12;

  /**
   * The largest message we parse. STUN over UDP should stay below the path MTU (RFC 8489 §6.1); ICE
   * connectivity checks are far smaller, so anything larger is refused rather than processed.
   */
  static final int MAX_MESSAGE_LENGTH = 1500;

  // Attribute types (RFC 8489 §18.3, RFC 8445 §16.1). 0x0000-0x7FFF are comprehension-required,
  // 0x8000-0xFFFF comprehension-optional (RFC 8489 §14).
  static final int ATTR_USERNAME = 0x0006;
  static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
  static final int ATTR_ERROR_CODE = 0x0009;
  static final int ATTR_UNKNOWN_ATTRIBUTES = 0x000A;
  static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
  static final int ATTR_PRIORITY = 0x0024;
  static final int ATTR_USE_CANDIDATE = 0x0025;
  static final int ATTR_FINGERPRINT = 0x8028;
  static final int ATTR_ICE_CONTROLLED = 0x8029;
  static final int ATTR_ICE_CONTROLLING = 0x802A;

  /** USERNAME values above this many bytes are refused (RFC 5389 §15.3 allows under 513). */
  static final int MAX_USERNAME_BYTES = 513;

  private Stun() {}

  /**
   * Cheap demultiplexing check for a datagram on the shared media port. True when the first byte is
   * 0-3, the range RFC 7983 §7 gives STUN (it also means the two leading bits of the message type
   * are 0, RFC 8489 §5), the magic cookie is in place, and the Message Length is a multiple of 4
   * equal to {@code len - 20}. RTP and RTCP (first byte 128-191), DTLS (20-63), ZRTP (16-19) and
   * TURN channels (64-79) all fail the first-byte test. Checks bounds; allocates nothing.
   */
  public static boolean looksLikeStun(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < HEADER_LENGTH || off > buf.length - len) {
      return false;
    }
    if ((buf[off] & 0xFF) > 3) {
      return false;
    }
    int messageLength = readUint16(buf, off + 2);
    return (messageLength & 3) == 0
        && messageLength == len - HEADER_LENGTH
        && readInt(buf, off + 4) == MAGIC_COOKIE;
  }

  /**
   * The 14-bit message type (method and class together, e.g. {@link #BINDING_REQUEST}) of a message
   * that passed {@link #looksLikeStun} at the same offset. Does not check bounds.
   */
  public static int messageType(byte[] buf, int off) {
    return ((buf[off] & 0x3F) << 8) | (buf[off + 1] & 0xFF);
  }

  static int readUint16(byte[] buf, int at) {
    return ((buf[at] & 0xFF) << 8) | (buf[at + 1] & 0xFF);
  }

  static int readInt(byte[] buf, int at) {
    return ((buf[at] & 0xFF) << 24)
        | ((buf[at + 1] & 0xFF) << 16)
        | ((buf[at + 2] & 0xFF) << 8)
        | (buf[at + 3] & 0xFF);
  }

  static long readLong(byte[] buf, int at) {
    return ((long) readInt(buf, at) << 32) | (readInt(buf, at + 4) & 0xFFFFFFFFL);
  }

  static void writeUint16(byte[] buf, int at, int value) {
    buf[at] = (byte) (value >>> 8);
    buf[at + 1] = (byte) value;
  }

  static void writeInt(byte[] buf, int at, int value) {
    buf[at] = (byte) (value >>> 24);
    buf[at + 1] = (byte) (value >>> 16);
    buf[at + 2] = (byte) (value >>> 8);
    buf[at + 3] = (byte) value;
  }

  static void writeLong(byte[] buf, int at, long value) {
    writeInt(buf, at, (int) (value >>> 32));
    writeInt(buf, at + 4, (int) value);
  }

  /** {@code length} rounded up to a multiple of 4: attribute values are padded (RFC 8489 §14). */
  static int padded(int length) {
    return (length + 3) & ~3;
  }
}
