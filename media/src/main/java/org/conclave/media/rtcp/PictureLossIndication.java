package org.conclave.media.rtcp;

/**
 * A picture loss indication, PSFB (206) format 1 (RFC 4585 §6.3.1): a receiver asks the source for
 * a key frame. It has no FCI; any FCI bytes a sender adds are ignored.
 *
 * @param senderSsrc the receiver asking
 * @param mediaSsrc the source asked
 */
public record PictureLossIndication(long senderSsrc, long mediaSsrc) implements RtcpPacket {

  private static final int LENGTH = 12; // RFC 4585 §6.1: header, packet sender SSRC, media SSRC

  public PictureLossIndication {
    Rtcp.checkU32(senderSsrc, "senderSsrc");
    Rtcp.checkU32(mediaSsrc, "mediaSsrc");
  }

  static PictureLossIndication parse(byte[] b, int off, int len) {
    if (len < LENGTH) {
      return null;
    }
    return new PictureLossIndication(Rtcp.u32(b, off + 4), Rtcp.u32(b, off + 8));
  }

  @Override
  public int packetType() {
    return Rtcp.PT_PSFB;
  }

  @Override
  public int length() {
    return LENGTH;
  }

  @Override
  public int write(byte[] buf, int off) {
    Rtcp.checkRoom(buf, off, LENGTH);
    Rtcp.putHeader(buf, off, Rtcp.FMT_PLI, Rtcp.PT_PSFB, LENGTH);
    Rtcp.put32(buf, off + 4, senderSsrc);
    Rtcp.put32(buf, off + 8, mediaSsrc);
    return LENGTH;
  }
}
