package org.conclave.media.rtp;

/**
 * The VP8 payload descriptor at the start of a VP8 RTP payload (RFC 7741 §4.2), and the one bit of
 * the VP8 payload header the SFU reads: P, the inverse keyframe flag (RFC 7741 §4.3). These bytes
 * stay readable under end-to-end encryption, which is why the SFU may route on them.
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID | (required)
 *      +-+-+-+-+-+-+-+-+
 * X:   |I|L|T|K| RSV   | (optional)
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PictureID   | (optional; M=1: a second byte, 15 bits in all)
 *      +-+-+-+-+-+-+-+-+
 * L:   |   TL0PICIDX   | (optional)
 *      +-+-+-+-+-+-+-+-+
 * T/K: |TID|Y| KEYIDX  | (optional; present when T or K is set)
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The VP8 payload header follows (RFC 7741 §4.3): {@code Size0(3) | H(1) | VER(3) | P(1)}, P = 0
 * for a keyframe. It begins a frame only in the first packet of partition 0 (S=1, PID=0), so only
 * there does P say anything.
 *
 * <p>{@link #parse} allocates this record; the static readers and setters allocate nothing and are
 * what the forwarding path calls. Parsing is lenient about the reserved bits and about L without T,
 * which RFC 7741 forbids senders but which do not change where the fields lie.
 *
 * @param nonReference N: the frame is not used as a reference
 * @param startOfPartition S: this packet starts a VP8 partition
 * @param partitionIndex PID, 0-7
 * @param pictureId 7 or 15 bits, or -1 when I is clear
 * @param longPictureId whether the PictureID has 15 bits (M set)
 * @param tl0PicIdx 0-255, or -1 when L is clear
 * @param temporalLayer TID 0-3, or -1 when T is clear
 * @param layerSync Y (meaningful only when T is set)
 * @param keyIndex KEYIDX 0-31, or -1 when K is clear
 * @param length the descriptor's length: the VP8 payload header starts this many bytes in
 * @param keyframe S=1, PID=0 and the payload header's P bit is 0
 */
public record Vp8PayloadDescriptor(
    boolean nonReference,
    boolean startOfPartition,
    int partitionIndex,
    int pictureId,
    boolean longPictureId,
    int tl0PicIdx,
    int temporalLayer,
    boolean layerSync,
    int keyIndex,
    int length,
    boolean keyframe) {

  private static final int X = 0x80;
  private static final int N = 0x20;
  private static final int S = 0x10;
  private static final int I = 0x80;
  private static final int L = 0x40;
  private static final int T = 0x20;
  private static final int K = 0x10;

  /**
   * Parses the descriptor at the start of a VP8 payload {@code buf[off, off + len)}, or returns
   * null when the payload is shorter than the descriptor plus one byte of VP8 payload header. Never
   * throws for any input.
   */
  public static Vp8PayloadDescriptor parse(byte[] buf, int off, int len) {
    int length = descriptorLength(buf, off, len);
    if (length < 0) {
      return null;
    }
    int first = buf[off] & 0xFF;
    int ext = (first & X) != 0 ? buf[off + 1] & 0xFF : 0;
    int pos = off + ((first & X) != 0 ? 2 : 1);
    int pictureId = -1;
    boolean longPictureId = false;
    if ((ext & I) != 0) {
      longPictureId = (buf[pos] & 0x80) != 0;
      pictureId = longPictureId ? RtpHeader.readUint16(buf, pos) & 0x7FFF : buf[pos] & 0x7F;
      pos += longPictureId ? 2 : 1;
    }
    int tl0PicIdx = -1;
    if ((ext & L) != 0) {
      tl0PicIdx = buf[pos++] & 0xFF;
    }
    int temporalLayer = -1;
    boolean layerSync = false;
    int keyIndex = -1;
    if ((ext & (T | K)) != 0) {
      int tk = buf[pos] & 0xFF;
      if ((ext & T) != 0) {
        temporalLayer = tk >>> 6;
        layerSync = (tk & 0x20) != 0;
      }
      if ((ext & K) != 0) {
        keyIndex = tk & 0x1F;
      }
    }
    return new Vp8PayloadDescriptor(
        (first & N) != 0,
        (first & S) != 0,
        first & 0x07,
        pictureId,
        longPictureId,
        tl0PicIdx,
        temporalLayer,
        layerSync,
        keyIndex,
        length,
        isKeyframeAt(buf, off, length));
  }

  /**
   * The descriptor's length, so the VP8 payload header starts at {@code off + length}; -1 when the
   * payload is shorter than the descriptor plus one byte. Allocates nothing.
   */
  public static int descriptorLength(byte[] buf, int off, int len) {
    if (buf == null || off < 0 || len < 2 || off > buf.length - len) {
      return -1;
    }
    int first = buf[off] & 0xFF;
    if ((first & X) == 0) {
      return 1;
    }
    int ext = buf[off + 1] & 0xFF;
    int length = 2;
    if ((ext & I) != 0) {
      if (length >= len) {
        return -1;
      }
      length += (buf[off + length] & 0x80) != 0 ? 2 : 1;
    }
    if ((ext & L) != 0) {
      length++;
    }
    if ((ext & (T | K)) != 0) {
      length++;
    }
    return length < len ? length : -1;
  }

  /**
   * Whether the payload starts a keyframe: S=1 and PID=0, and P=0 in the VP8 payload header (RFC
   * 7741 §4.3). False for anything unparseable. Allocates nothing.
   */
  public static boolean isKeyframe(byte[] buf, int off, int len) {
    int length = descriptorLength(buf, off, len);
    return length >= 0 && isKeyframeAt(buf, off, length);
  }

  /** The PictureID (7 or 15 bits), or -1 when absent or unparseable. Allocates nothing. */
  public static int pictureId(byte[] buf, int off, int len) {
    int at = pictureIdOffset(buf, off, len);
    if (at < 0) {
      return -1;
    }
    return (buf[at] & 0x80) != 0 ? RtpHeader.readUint16(buf, at) & 0x7FFF : buf[at] & 0x7F;
  }

  /** The TL0PICIDX, or -1 when absent or unparseable. Allocates nothing. */
  public static int tl0PicIdx(byte[] buf, int off, int len) {
    int at = tl0PicIdxOffset(buf, off, len);
    return at < 0 ? -1 : buf[at] & 0xFF;
  }

  /**
   * Overwrites the PictureID in place, keeping its width: the low 7 or 15 bits of {@code pictureId}
   * are written. False, with nothing written, when there is no PictureID.
   */
  public static boolean setPictureId(byte[] buf, int off, int len, int pictureId) {
    int at = pictureIdOffset(buf, off, len);
    if (at < 0) {
      return false;
    }
    if ((buf[at] & 0x80) != 0) {
      RtpHeader.writeUint16(buf, at, 0x8000 | (pictureId & 0x7FFF));
    } else {
      buf[at] = (byte) (pictureId & 0x7F);
    }
    return true;
  }

  /** Overwrites TL0PICIDX in place; false, with nothing written, when there is none. */
  public static boolean setTl0PicIdx(byte[] buf, int off, int len, int tl0PicIdx) {
    int at = tl0PicIdxOffset(buf, off, len);
    if (at < 0) {
      return false;
    }
    buf[at] = (byte) tl0PicIdx;
    return true;
  }

  private static boolean isKeyframeAt(byte[] buf, int off, int length) {
    int first = buf[off] & 0xFF;
    return (first & S) != 0 && (first & 0x07) == 0 && (buf[off + length] & 0x01) == 0;
  }

  private static int pictureIdOffset(byte[] buf, int off, int len) {
    if (descriptorLength(buf, off, len) < 0 || (buf[off] & X) == 0 || (buf[off + 1] & I) == 0) {
      return -1;
    }
    return off + 2;
  }

  private static int tl0PicIdxOffset(byte[] buf, int off, int len) {
    if (descriptorLength(buf, off, len) < 0 || (buf[off] & X) == 0 || (buf[off + 1] & L) == 0) {
      return -1;
    }
    int at = off + 2;
    if ((buf[off + 1] & I) != 0) {
      at += (buf[at] & 0x80) != 0 ? 2 : 1;
    }
    return at;
  }
}
