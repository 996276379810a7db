package org.conclave.media.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A source description, RTCP packet type 202 (RFC 3550 §6.5), reduced to what the SFU uses: the
 * CNAME of each chunk. Other items (NAME, EMAIL, …, PRIV) are checked for length and skipped.
 *
 * @param chunks at most 31 chunks, one per source
 */
public record SourceDescription(List<Chunk> chunks) implements RtcpPacket {

  /** SDES item type of the canonical name, RFC 3550 §6.5.1. */
  static final int ITEM_CNAME = 1;

  /**
   * One SDES chunk (RFC 3550 §6.5).
   *
   * @param ssrc the source described
   * @param cname its canonical name (RFC 3550 §6.5.1), at most 255 UTF-8 bytes; null when the chunk
   *     carries none
   */
  public record Chunk(long ssrc, String cname) {
    public Chunk {
      Rtcp.checkU32(ssrc, "ssrc");
      if (cname != null) {
        Rtcp.checkRange(cname.getBytes(StandardCharsets.UTF_8).length, 0, 255, "CNAME bytes");
      }
    }

    int length() {
      // SSRC, then the items, then at least one null octet, padded to 32 bits (RFC 3550 §6.5).
      int items = cname == null ? 0 : 2 + cname.getBytes(StandardCharsets.UTF_8).length;
      return 4 + Rtcp.align4(items + 1);
    }
  }

  public SourceDescription {
    chunks = List.copyOf(chunks);
    Rtcp.checkRange(chunks.size(), 0, 31, "chunk count");
  }

  static SourceDescription parse(byte[] b, int off, int len, int count) {
    int end = off + len;
    int pos = off + Rtcp.HEADER_LENGTH;
    List<Chunk> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (end - pos < 4) {
        return null;
      }
      long ssrc = Rtcp.u32(b, pos);
      pos += 4;
      String cname = null;
      while (true) {
        if (pos >= end) {
          return null; // no null octet ends the item list
        }
        int type = Rtcp.u8(b, pos);
        if (type == 0) {
          // RFC 3550 §6.5: the list ends with null octets up to the next 32-bit boundary.
          pos = off + Rtcp.align4(pos + 1 - off);
          if (pos > end) {
            return null;
          }
          break;
        }
        // RFC 3550 §6.5: item = type(8) | length(8) | text, no terminator.
        if (end - pos < 2) {
          return null;
        }
        int itemLength = Rtcp.u8(b, pos + 1);
        if (end - pos - 2 < itemLength) {
          return null;
        }
        if (type == ITEM_CNAME && cname == null) {
          cname = Rtcp.utf8OrNull(b, pos + 2, itemLength);
          if (cname == null) {
            return null;
          }
        }
        pos += 2 + itemLength;
      }
      chunks.add(new Chunk(ssrc, cname));
    }
    return new SourceDescription(chunks);
  }

  @Override
  public int packetType() {
    return Rtcp.PT_SDES;
  }

  @Override
  public int length() {
    int length = Rtcp.HEADER_LENGTH;
    for (Chunk c : chunks) {
      length += c.length();
    }
    return length;
  }

  /** Writes the packet; allocates each CNAME's UTF-8 bytes. */
  @Override
  public int write(byte[] buf, int off) {
    int length = length();
    Rtcp.checkRoom(buf, off, length);
    Rtcp.putHeader(buf, off, chunks.size(), Rtcp.PT_SDES, length);
    int pos = off + Rtcp.HEADER_LENGTH;
    for (Chunk c : chunks) {
      int chunkEnd = pos + c.length();
      Rtcp.put32(buf, pos, c.ssrc());
      pos += 4;
      if (c.cname() != null) {
        byte[] text = c.cname().getBytes(StandardCharsets.UTF_8);
        buf[pos] = ITEM_CNAME;
        buf[pos + 1] = (byte) text.length;
        System.arraycopy(text, 0, buf, pos + 2, text.length);
        pos += 2 + text.length;
      }
      while (pos < chunkEnd) {
        buf[pos++] = 0; // end of item list and padding
      }
    }
    return length;
  }
}
