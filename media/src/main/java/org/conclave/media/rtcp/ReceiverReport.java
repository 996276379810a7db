package org.conclave.media.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * A receiver report, RTCP packet type 201 (RFC 3550 §6.4.2): the sender's SSRC and up to 31 report
 * blocks. Profile-specific extensions are skipped when parsing and not written.
 *
 * @param senderSsrc the sender of this report
 * @param reportBlocks at most 31 reception reports; an empty RR is legal and common
 */
public record ReceiverReport(long senderSsrc, List<ReportBlock> reportBlocks)
    implements RtcpPacket {

  private static final int FIXED = 8; // header(4) + SSRC(4)

  public ReceiverReport {
    Rtcp.checkU32(senderSsrc, "senderSsrc");
    reportBlocks = List.copyOf(reportBlocks);
    Rtcp.checkRange(reportBlocks.size(), 0, 31, "report block count");
  }

  static ReceiverReport parse(byte[] b, int off, int len, int count) {
    if (len < FIXED + count * ReportBlock.LENGTH) {
      return null;
    }
    List<ReportBlock> blocks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      blocks.add(ReportBlock.read(b, off + FIXED + i * ReportBlock.LENGTH));
    }
    return new ReceiverReport(Rtcp.u32(b, off + 4), blocks);
  }

  @Override
  public int packetType() {
    return Rtcp.PT_RR;
  }

  @Override
  public int length() {
    return FIXED + reportBlocks.size() * ReportBlock.LENGTH;
  }

  @Override
  public int write(byte[] buf, int off) {
    int length = length();
    Rtcp.checkRoom(buf, off, length);
    Rtcp.putHeader(buf, off, reportBlocks.size(), Rtcp.PT_RR, length);
    Rtcp.put32(buf, off + 4, senderSsrc);
    for (int i = 0; i < reportBlocks.size(); i++) {
      reportBlocks.get(i).writeTo(buf, off + FIXED + i * ReportBlock.LENGTH);
    }
    return length;
  }
}
