package org.conclave.media.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * A full intra request, PSFB (206) format 4 (RFC 5104 §4.3.1). The media source SSRC of the common
 * header is unused (written as 0, ignored when parsing, RFC 5104 §4.3.1.2); each FCI entry names a
 * source and a command sequence number, so a repeated request can be told from a new one.
 *
 * @param senderSsrc the receiver asking
 * @param entries at least one request
 */
public record FullIntraRequest(long senderSsrc, List<Entry> entries) implements RtcpPacket {

  private static final int FIXED = 12; // RFC 4585 §6.1: header, packet sender SSRC, media SSRC

  /**
   * One FCI entry (RFC 5104 §4.3.1.1): SSRC(32) | Seq nr.(8) | reserved(24).
   *
   * @param ssrc the source that should send a decoder refresh point
   * @param sequenceNumber the command sequence number, 0..255, incremented per new request
   */
  public record Entry(long ssrc, int sequenceNumber) {
    public Entry {
      Rtcp.checkU32(ssrc, "ssrc");
      Rtcp.checkRange(sequenceNumber, 0, 255, "sequenceNumber");
    }
  }

  public FullIntraRequest {
    Rtcp.checkU32(senderSsrc, "senderSsrc");
    entries = List.copyOf(entries);
    // 32767 entries fill the largest packet the 16-bit length field allows (RFC 3550 §6.4.1).
    Rtcp.checkRange(entries.size(), 1, 32_767, "entry count");
  }

  static FullIntraRequest parse(byte[] b, int off, int len) {
    int fciLength = len - FIXED;
    if (fciLength < 8 || fciLength % 8 != 0) {
      return null;
    }
    List<Entry> entries = new ArrayList<>(fciLength / 8);
    for (int pos = off + FIXED; pos < off + len; pos += 8) {
      entries.add(new Entry(Rtcp.u32(b, pos), Rtcp.u8(b, pos + 4)));
    }
    return new FullIntraRequest(Rtcp.u32(b, off + 4), entries);
  }

  @Override
  public int packetType() {
    return Rtcp.PT_PSFB;
  }

  @Override
  public int length() {
    return FIXED + 8 * entries.size();
  }

  @Override
  public int write(byte[] buf, int off) {
    int length = length();
    Rtcp.checkRoom(buf, off, length);
    Rtcp.putHeader(buf, off, Rtcp.FMT_FIR, Rtcp.PT_PSFB, length);
    Rtcp.put32(buf, off + 4, senderSsrc);
    Rtcp.put32(buf, off + 8, 0);
    int pos = off + FIXED;
    for (Entry e : entries) {
      Rtcp.put32(buf, pos, e.ssrc());
      buf[pos + 4] = (byte) e.sequenceNumber();
      Rtcp.put24(buf, pos + 5, 0);
      pos += 8;
    }
    return length;
  }
}
