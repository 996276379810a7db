package org.conclave.media.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A goodbye, RTCP packet type 203 (RFC 3550 §6.6): the sources leaving, and an optional reason.
 *
 * @param ssrcs at most 31 sources
 * @param reason why they leave, at most 255 UTF-8 bytes; null when the packet carries none
 */
public record Goodbye(List<Long> ssrcs, String reason) implements RtcpPacket {

  public Goodbye {
    ssrcs = List.copyOf(ssrcs);
    Rtcp.checkRange(ssrcs.size(), 0, 31, "SSRC count");
    for (long ssrc : ssrcs) {
      Rtcp.checkU32(ssrc, "ssrc");
    }
    if (reason != null) {
      Rtcp.checkRange(reason.getBytes(StandardCharsets.UTF_8).length, 0, 255, "reason bytes");
    }
  }

  static Goodbye parse(byte[] b, int off, int len, int count) {
    int end = off + len;
    int pos = off + Rtcp.HEADER_LENGTH;
    if (end - pos < 4 * count) {
      return null;
    }
    List<Long> ssrcs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ssrcs.add(Rtcp.u32(b, pos));
      pos += 4;
    }
    String reason = null;
    if (pos < end) {
      // RFC 3550 §6.6: length(8) | reason for leaving, padded to 32 bits.
      int reasonLength = Rtcp.u8(b, pos);
      if (end - pos - 1 < reasonLength) {
        return null;
      }
      reason = Rtcp.utf8OrNull(b, pos + 1, reasonLength);
      if (reason == null) {
        return null;
      }
    }
    return new Goodbye(ssrcs, reason);
  }

  @Override
  public int packetType() {
    return Rtcp.PT_BYE;
  }

  @Override
  public int length() {
    int length = Rtcp.HEADER_LENGTH + 4 * ssrcs.size();
    if (reason != null) {
      length += Rtcp.align4(1 + reason.getBytes(StandardCharsets.UTF_8).length);
    }
    return length;
  }

  /** Writes the packet; allocates the reason's UTF-8 bytes. */
  @Override
  public int write(byte[] buf, int off) {
    int length = length();
    Rtcp.checkRoom(buf, off, length);
    Rtcp.putHeader(buf, off, ssrcs.size(), Rtcp.PT_BYE, length);
    int pos = off + Rtcp.HEADER_LENGTH;
    for (long ssrc : ssrcs) {
      Rtcp.put32(buf, pos, ssrc);
      pos += 4;
    }
    if (reason != null) {
      byte[] text = reason.getBytes(StandardCharsets.UTF_8);
      buf[pos] = (byte) text.length;
      System.arraycopy(text, 0, buf, pos + 1, text.length);
      pos += 1 + text.length;
      while (pos < off + length) {
        buf[pos++] = 0;
      }
    }
    return length;
  }
}
