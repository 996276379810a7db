package org.conclave.media.rtp;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed RTP packet (RFC 3550 §5.1): its header fields and where its extension block, payload and
 * padding lie in the buffer it was parsed from. Immutable; the offsets are absolute positions in
 * that buffer, which the caller keeps. {@link #parse} allocates this record, the CSRC list and one
 * {@link HeaderExtension} per element: the forwarding path uses {@link RtpHeader} and {@link
 * HeaderExtensions#findInPacket} instead.
 *
 * @param fields the header fields and RFC 8285 elements (empty when the block has another profile)
 * @param extensionProfile the extension block's profile, or -1 when the X bit is clear
 * @param extensionOffset where the extension block (its profile field) starts, or -1
 * @param extensionLength the block's length including its 4-byte header, or 0
 * @param payloadOffset where the payload starts
 * @param payloadLength the payload's length, padding excluded
 * @param paddingLength the padding's length including its count byte, 0 when P is clear
 */
public record RtpPacket(
    RtpFields fields,
    int extensionProfile,
    int extensionOffset,
    int extensionLength,
    int payloadOffset,
    int payloadLength,
    int paddingLength) {

  /**
   * Parses the RTP packet in {@code buf[off, off + len)}, or returns null when it is not one: not
   * {@link RtpHeader#looksLikeRtp}, shorter than its CSRCs and extension block say, a malformed RFC
   * 8285 block, or padding whose count is 0 or larger than what follows the header (RFC 3550 §5.1:
   * the last byte counts the padding, itself included). Never throws for any input.
   */
  public static RtpPacket parse(byte[] buf, int off, int len) {
    int headerLength = RtpHeader.headerLength(buf, off, len);
    if (headerLength < 0) {
      return null;
    }
    int csrcCount = RtpHeader.csrcCount(buf, off);
    List<Long> csrcs = new ArrayList<>(csrcCount);
    for (int i = 0; i < csrcCount; i++) {
      csrcs.add(RtpHeader.readUint32(buf, off + RtpHeader.FIXED_HEADER_LENGTH + 4 * i));
    }
    int profile = -1;
    int extensionOffset = -1;
    int extensionLength = 0;
    List<HeaderExtension> extensions = List.of();
    if (RtpHeader.hasExtension(buf, off)) {
      extensionOffset = off + RtpHeader.FIXED_HEADER_LENGTH + 4 * csrcCount;
      extensionLength = off + headerLength - extensionOffset;
      profile = RtpHeader.readUint16(buf, extensionOffset);
      if (HeaderExtensions.isOneByteProfile(profile)
          || HeaderExtensions.isTwoByteProfile(profile)) {
        extensions = HeaderExtensions.parse(buf, extensionOffset, extensionLength);
        if (extensions == null) {
          return null;
        }
      }
    }
    int paddingLength = 0;
    if (RtpHeader.hasPadding(buf, off)) {
      paddingLength = buf[off + len - 1] & 0xFF;
      if (paddingLength == 0 || paddingLength > len - headerLength) {
        return null;
      }
    }
    RtpFields fields =
        new RtpFields(
            RtpHeader.marker(buf, off),
            RtpHeader.payloadType(buf, off),
            RtpHeader.sequenceNumber(buf, off),
            RtpHeader.timestamp(buf, off),
            RtpHeader.ssrc(buf, off),
            csrcs,
            extensions);
    return new RtpPacket(
        fields,
        profile,
        extensionOffset,
        extensionLength,
        off + headerLength,
        len - headerLength - paddingLength,
        paddingLength);
  }

  /** Always 2: parse rejects every other version. */
  public int version() {
    return RtpHeader.VERSION;
  }

  /** The P bit. */
  public boolean padding() {
    return paddingLength > 0;
  }

  /** The X bit. */
  public boolean hasExtension() {
    return extensionProfile >= 0;
  }

  /** The CC field. */
  public int csrcCount() {
    return fields.csrcs().size();
  }

  /** The M bit. */
  public boolean marker() {
    return fields.marker();
  }

  /** The payload type, 0-127. */
  public int payloadType() {
    return fields.payloadType();
  }

  /** The sequence number, 0-65535. */
  public int sequenceNumber() {
    return fields.sequenceNumber();
  }

  /** The timestamp, unsigned. */
  public long timestamp() {
    return fields.timestamp();
  }

  /** The SSRC, unsigned. */
  public long ssrc() {
    return fields.ssrc();
  }

  /** The CSRCs, unsigned, in order. */
  public List<Long> csrcs() {
    return fields.csrcs();
  }

  /** The RFC 8285 header extension elements, in order. */
  public List<HeaderExtension> extensions() {
    return fields.extensions();
  }

  /** The first element with {@code id}, or null. */
  public HeaderExtension extension(int id) {
    for (HeaderExtension element : fields.extensions()) {
      if (element.id() == id) {
        return element;
      }
    }
    return null;
  }
}
