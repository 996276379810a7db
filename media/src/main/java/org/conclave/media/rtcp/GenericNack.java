package org.conclave.media.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * A generic NACK, RTPFB (205) format 1 (RFC 4585 §6.2.1): the RTP sequence numbers a receiver
 * reports lost. On the wire each FCI entry is a packet ID (PID) and a 16-bit bitmask of the
 * following lost packets (BLP); here they are expanded to the plain list.
 *
 * @param senderSsrc the receiver sending the NACK
 * @param mediaSsrc the source whose packets were lost
 * @param lostSequenceNumbers the lost sequence numbers (0..65535), at least one. The parser lists
 *     each entry's PID, then the BLP bits in ascending order; the writer packs the list greedily in
 *     the order given, so a list in ascending (wrapping) order comes back unchanged
 */
public record GenericNack(long senderSsrc, long mediaSsrc, List<Integer> lostSequenceNumbers)
    implements RtcpPacket {

  private static final int FIXED = 12; // RFC 4585 §6.1: header, packet sender SSRC, media SSRC

  public GenericNack {
    Rtcp.checkU32(senderSsrc, "senderSsrc");
    Rtcp.checkU32(mediaSsrc, "mediaSsrc");
    lostSequenceNumbers = List.copyOf(lostSequenceNumbers);
    // Bounded so the 16-bit length field can never overflow.
    Rtcp.checkRange(lostSequenceNumbers.size(), 1, 16_384, "lost sequence number count");
    for (int seq : lostSequenceNumbers) {
      Rtcp.checkRange(seq, 0, 0xFFFF, "sequence number");
    }
  }

  static GenericNack parse(byte[] b, int off, int len) {
    int fciLength = len - FIXED;
    if (fciLength < 4 || fciLength % 4 != 0) {
      return null;
    }
    List<Integer> lost = new ArrayList<>();
    for (int pos = off + FIXED; pos < off + len; pos += 4) {
      // RFC 4585 §6.2.1: PID(16) | BLP(16); bit i of BLP set means PID + i + 1 is lost too.
      int pid = Rtcp.u16(b, pos);
      int blp = Rtcp.u16(b, pos + 2);
      lost.add(pid);
      for (int i = 0; i < 16; i++) {
        if ((blp & (1 << i)) != 0) {
          lost.add((pid + i + 1) & 0xFFFF);
        }
      }
    }
    if (lost.size() > 16_384) {
      return null;
    }
    return new GenericNack(Rtcp.u32(b, off + 4), Rtcp.u32(b, off + 8), lost);
  }

  @Override
  public int packetType() {
    return Rtcp.PT_RTPFB;
  }

  @Override
  public int length() {
    return FIXED + 4 * pack(null, 0);
  }

  @Override
  public int write(byte[] buf, int off) {
    int length = length();
    Rtcp.checkRoom(buf, off, length);
    Rtcp.putHeader(buf, off, Rtcp.FMT_NACK, Rtcp.PT_RTPFB, length);
    Rtcp.put32(buf, off + 4, senderSsrc);
    Rtcp.put32(buf, off + 8, mediaSsrc);
    pack(buf, off + FIXED);
    return length;
  }

  /**
   * Packs the list into PID/BLP entries: a number within 1..16 after the current PID sets a BLP
   * bit, a repeat of the PID is dropped, anything else starts a new entry. Writes the entries at
   * {@code off} when {@code buf} is not null; returns how many there are.
   */
  private int pack(byte[] buf, int off) {
    int entries = 0;
    int pid = -1;
    int blp = 0;
    for (int seq : lostSequenceNumbers) {
      if (pid >= 0) {
        int distance = (seq - pid) & 0xFFFF;
        if (distance == 0) {
          continue;
        }
        if (distance <= 16) {
          blp |= 1 << (distance - 1);
          continue;
        }
        if (buf != null) {
          Rtcp.put16(buf, off + 4 * (entries - 1), pid);
          Rtcp.put16(buf, off + 4 * (entries - 1) + 2, blp);
        }
      }
      pid = seq;
      blp = 0;
      entries++;
    }
    if (buf != null) {
      Rtcp.put16(buf, off + 4 * (entries - 1), pid);
      Rtcp.put16(buf, off + 4 * (entries - 1) + 2, blp);
    }
    return entries;
  }
}
