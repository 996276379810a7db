package org.conclave.media.rtp;

/**
 * Builds RTP packets (RFC 3550 §5.1) from {@link RtpFields}, a payload and optional padding. The
 * header extension block is written by {@link HeaderExtensions#write}. Stateless and thread-safe.
 */
public final class RtpWriter {

  private RtpWriter() {}

  /**
   * The length of the packet {@link #write} would produce.
   *
   * @throws IllegalArgumentException when {@code payloadLength} is negative or {@code
   *     paddingLength} is outside 0-255
   */
  public static int length(RtpFields fields, int payloadLength, int paddingLength) {
    if (payloadLength < 0) {
      throw new IllegalArgumentException("payload length must not be negative");
    }
    if (paddingLength < 0 || paddingLength > 255) {
      throw new IllegalArgumentException("padding length must be 0-255");
    }
    return RtpHeader.FIXED_HEADER_LENGTH
        + 4 * fields.csrcs().size()
        + HeaderExtensions.encodedLength(fields.extensions())
        + payloadLength
        + paddingLength;
  }

  /**
   * Writes the packet into {@code dst} at {@code off} and returns its length, or -1 when it does
   * not fit. Padding, when {@code paddingLength} is non-zero, is zero bytes ending in the count
   * byte, and sets the P bit (RFC 3550 §5.1). Allocates nothing.
   *
   * @throws IllegalArgumentException for a negative payload length or padding outside 0-255
   */
  public static int write(
      byte[] dst,
      int off,
      RtpFields fields,
      byte[] payload,
      int payloadOffset,
      int payloadLength,
      int paddingLength) {
    int length = length(fields, payloadLength, paddingLength);
    if (off < 0 || off > dst.length - length) {
      return -1;
    }
    boolean hasExtension = !fields.extensions().isEmpty();
    dst[off] =
        (byte)
            ((RtpHeader.VERSION << 6)
                | (paddingLength > 0 ? 0x20 : 0)
                | (hasExtension ? 0x10 : 0)
                | fields.csrcs().size());
    dst[off + 1] = (byte) ((fields.marker() ? 0x80 : 0) | fields.payloadType());
    RtpHeader.writeUint16(dst, off + 2, fields.sequenceNumber());
    RtpHeader.writeUint32(dst, off + 4, fields.timestamp());
    RtpHeader.writeUint32(dst, off + 8, fields.ssrc());
    int pos = off + RtpHeader.FIXED_HEADER_LENGTH;
    for (long csrc : fields.csrcs()) {
      RtpHeader.writeUint32(dst, pos, csrc);
      pos += 4;
    }
    pos += HeaderExtensions.write(dst, pos, fields.extensions());
    System.arraycopy(payload, payloadOffset, dst, pos, payloadLength);
    pos += payloadLength;
    if (paddingLength > 0) {
      for (int i = 0; i < paddingLength - 1; i++) {
        dst[pos++] = 0;
      }
      dst[pos++] = (byte) paddingLength;
    }
    return length;
  }

  /** Builds the packet into a new array of exactly its length. */
  public static byte[] build(RtpFields fields, byte[] payload, int paddingLength) {
    byte[] packet = new byte[length(fields, payload.length, paddingLength)];
    write(packet, 0, fields, payload, 0, payload.length, paddingLength);
    return packet;
  }
}
