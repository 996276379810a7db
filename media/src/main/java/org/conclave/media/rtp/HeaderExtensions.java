package org.conclave.media.rtp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RTP header extension blocks in the two forms of RFC 8285: one-byte elements under profile 0xBEDE
 * (§4.2) and two-byte elements under profiles 0x1000-0x100F (§4.3).
 *
 * <p>A block is addressed by the offset of its 16-bit profile (RFC 3550 §5.3.1):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |     length (32-bit words)     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        header extension                       |
 * </pre>
 *
 * One-byte element (RFC 8285 §4.2): {@code ID(4) | L(4)} then L+1 data bytes; ID 0 is only the
 * padding byte 0x00; ID 15 ends processing of the block. Two-byte element (RFC 8285 §4.3): an ID
 * byte (0 = one padding byte), a length byte (0-255), then the data.
 *
 * <p>A block is malformed when its length runs past the bytes available, when an element runs past
 * the block, or when a one-byte element has ID 0 with a non-zero length. Blocks under any other
 * profile are not RFC 8285 blocks: every method here treats them as having no elements it can read.
 *
 * <p>{@link #find}, {@link #findInPacket} and {@link #forEach} allocate nothing; {@link #parse}
 * allocates the list it returns. All methods are stateless and thread-safe.
 */
public final class HeaderExtensions {

  /** The one-byte form's profile, 0xBEDE (RFC 8285 §4.2). */
  public static final int ONE_BYTE_PROFILE = 0xBEDE;

  /** The two-byte form's profile with appbits 0; the low 4 bits are appbits (RFC 8285 §4.3). */
  public static final int TWO_BYTE_PROFILE = 0x1000;

  /** What {@link #find} returns when the element is absent or the block unusable. */
  public static final long NOT_FOUND = -1;

  private static final long MALFORMED = -2;

  /** Receives each element of a block in order; {@code buf} is the caller's buffer, not a copy. */
  @FunctionalInterface
  public interface ElementVisitor {
    /** Called once per element with the element's id and where its data lies in {@code buf}. */
    void element(int id, byte[] buf, int dataOffset, int dataLength);
  }

  private HeaderExtensions() {}

  /** Whether {@code profile} is 0xBEDE, the one-byte form (RFC 8285 §4.2). */
  public static boolean isOneByteProfile(int profile) {
    return profile == ONE_BYTE_PROFILE;
  }

  /** Whether {@code profile} is 0x100X, the two-byte form with any appbits (RFC 8285 §4.3). */
  public static boolean isTwoByteProfile(int profile) {
    return (profile & 0xFFF0) == TWO_BYTE_PROFILE;
  }

  /**
   * The total length of the block at {@code blockOffset} (4 header bytes plus its words), or -1 if
   * fewer than that many bytes are available. Checks only the length, not the elements.
   */
  public static int blockLength(byte[] buf, int blockOffset, int available) {
    if (!inBounds(buf, blockOffset, available) || available < 4) {
      return -1;
    }
    int length = 4 + 4 * RtpHeader.readUint16(buf, blockOffset + 2);
    return length <= available ? length : -1;
  }

  /**
   * Finds the first element with {@code id} in the block at {@code blockOffset}, looking at no more
   * than {@code available} bytes. Returns a handle (read it with {@link #dataOffset} and {@link
   * #dataLength}) or {@link #NOT_FOUND} when the element is absent, the block is not RFC 8285, or
   * the block is malformed before the element. Stops at the first match, so a block malformed after
   * it is not noticed: {@link #parse} checks whole blocks. Allocates nothing.
   */
  public static long find(byte[] buf, int blockOffset, int available, int id) {
    if (id < 1 || id > 255) {
      return NOT_FOUND;
    }
    long result = scan(buf, blockOffset, available, id, null);
    return result >= 0 ? result : NOT_FOUND;
  }

  /**
   * Finds element {@code id} in the header extension block of the RTP packet at {@code off}; as
   * {@link #find}, and {@link #NOT_FOUND} when the packet is not RTP or has no extension block.
   */
  public static long findInPacket(byte[] buf, int off, int len, int id) {
    int blockOffset = blockOffsetInPacket(buf, off, len);
    if (blockOffset < 0) {
      return NOT_FOUND;
    }
    return find(buf, blockOffset, off + len - blockOffset, id);
  }

  /**
   * The offset of the RTP packet's header extension block (its profile field), or -1 when the
   * packet is not RTP, has no extension bit, or is too short for the block's stated length.
   */
  public static int blockOffsetInPacket(byte[] buf, int off, int len) {
    if (RtpHeader.headerLength(buf, off, len) < 0 || !RtpHeader.hasExtension(buf, off)) {
      return -1;
    }
    return off + RtpHeader.FIXED_HEADER_LENGTH + 4 * RtpHeader.csrcCount(buf, off);
  }

  /** The offset of the element's data in the buffer, from a handle {@link #find} returned. */
  public static int dataOffset(long handle) {
    return (int) (handle >>> 32);
  }

  /** The length of the element's data, from a handle {@link #find} returned. */
  public static int dataLength(long handle) {
    return (int) handle;
  }

  /**
   * Calls {@code visitor} for every element of the block, in order, padding skipped; returns false,
   * without calling it at all, when the block is malformed or not RFC 8285. Validates first so a
   * visitor never sees part of a bad block. Allocates nothing itself.
   */
  public static boolean forEach(
      byte[] buf, int blockOffset, int available, ElementVisitor visitor) {
    if (scan(buf, blockOffset, available, -1, null) == MALFORMED) {
      return false;
    }
    scan(buf, blockOffset, available, -1, visitor);
    return true;
  }

  /** Whether the block is a well-formed RFC 8285 block within {@code available} bytes. */
  public static boolean isValid(byte[] buf, int blockOffset, int available) {
    return scan(buf, blockOffset, available, -1, null) != MALFORMED;
  }

  /**
   * Every element of the block, copied, in order; null when the block is malformed or not RFC 8285.
   * Allocates the list and one {@link HeaderExtension} per element.
   */
  public static List<HeaderExtension> parse(byte[] buf, int blockOffset, int available) {
    if (!isValid(buf, blockOffset, available)) {
      return null;
    }
    List<HeaderExtension> elements = new ArrayList<>();
    scan(
        buf,
        blockOffset,
        available,
        -1,
        (id, b, dataOffset, dataLength) ->
            elements.add(
                new HeaderExtension(
                    id, Arrays.copyOfRange(b, dataOffset, dataOffset + dataLength))));
    return List.copyOf(elements);
  }

  /**
   * Whether {@code elements} need the two-byte form: any id above 14 or any data length of 0 or
   * more than 16 (RFC 8285 §4.2 and §4.3).
   */
  public static boolean needsTwoByteForm(List<HeaderExtension> elements) {
    for (HeaderExtension element : elements) {
      if (!element.fitsOneByteForm()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The length of the block {@link #write} would produce for {@code elements}: 4 header bytes plus
   * the elements, padded to a multiple of 4. Zero for an empty list (no block at all).
   */
  public static int encodedLength(List<HeaderExtension> elements) {
    if (elements.isEmpty()) {
      return 0;
    }
    int perElement = needsTwoByteForm(elements) ? 2 : 1;
    int length = 0;
    for (HeaderExtension element : elements) {
      length += perElement + element.length();
    }
    return 4 + ((length + 3) & ~3);
  }

  /**
   * Writes a block holding {@code elements} at {@code off}: the one-byte form when every element
   * fits it, else the two-byte form with appbits 0; zero bytes pad the block to whole 32-bit words
   * (RFC 8285 §4.1). Returns the bytes written, 0 for an empty list, or -1 when it does not fit in
   * {@code dst} from {@code off}. Allocates nothing.
   */
  public static int write(byte[] dst, int off, List<HeaderExtension> elements) {
    int length = encodedLength(elements);
    if (length == 0) {
      return 0;
    }
    if (off < 0 || off > dst.length - length) {
      return -1;
    }
    boolean twoByte = needsTwoByteForm(elements);
    RtpHeader.writeUint16(dst, off, twoByte ? TWO_BYTE_PROFILE : ONE_BYTE_PROFILE);
    RtpHeader.writeUint16(dst, off + 2, (length - 4) / 4);
    int pos = off + 4;
    for (HeaderExtension element : elements) {
      if (twoByte) {
        dst[pos++] = (byte) element.id();
        dst[pos++] = (byte) element.length();
      } else {
        dst[pos++] = (byte) ((element.id() << 4) | (element.length() - 1));
      }
      for (int i = 0; i < element.length(); i++) {
        dst[pos++] = element.dataByte(i);
      }
    }
    while (pos < off + length) {
      dst[pos++] = 0;
    }
    return length;
  }

  /**
   * Walks a block. With {@code wantedId} in 1-255, returns the first matching element's handle;
   * otherwise visits each element. Returns {@link #NOT_FOUND} when done without a match and {@link
   * #MALFORMED} for a bad or non-RFC 8285 block.
   */
  private static long scan(
      byte[] buf, int blockOffset, int available, int wantedId, ElementVisitor visitor) {
    int blockLength = blockLength(buf, blockOffset, available);
    if (blockLength < 0) {
      return MALFORMED;
    }
    int profile = RtpHeader.readUint16(buf, blockOffset);
    boolean oneByte;
    if (isOneByteProfile(profile)) {
      oneByte = true;
    } else if (isTwoByteProfile(profile)) {
      oneByte = false;
    } else {
      return MALFORMED;
    }
    int end = blockOffset + blockLength;
    int pos = blockOffset + 4;
    while (pos < end) {
      int first = buf[pos] & 0xFF;
      if (first == 0) {
        pos++; // a padding byte, in either form (RFC 8285 §4.1)
        continue;
      }
      int id;
      int dataOffset;
      int dataLength;
      if (oneByte) {
        id = first >>> 4;
        if (id == 15) {
          break; // RFC 8285 §4.2: ID 15 ends processing; earlier elements stand.
        }
        if (id == 0) {
          return MALFORMED; // ID 0 is reserved for the padding byte 0x00 alone.
        }
        dataLength = (first & 0x0F) + 1;
        dataOffset = pos + 1;
      } else {
        id = first;
        if (pos + 1 >= end) {
          return MALFORMED;
        }
        dataLength = buf[pos + 1] & 0xFF;
        dataOffset = pos + 2;
      }
      if (dataLength > end - dataOffset) {
        return MALFORMED;
      }
      if (id == wantedId) {
        return ((long) dataOffset << 32) | dataLength;
      }
      if (visitor != null) {
        visitor.element(id, buf, dataOffset, dataLength);
      }
      pos = dataOffset + dataLength;
    }
    return NOT_FOUND;
  }

  private static boolean inBounds(byte[] buf, int off, int len) {
    return buf != null && off >= 0 && len >= 0 && off <= buf.length - len;
  }
}
