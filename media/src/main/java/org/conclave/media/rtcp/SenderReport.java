package org.conclave.media.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * A sender report, RTCP packet type 200 (RFC 3550 §6.4.1). Profile-specific extensions after the
 * report blocks are skipped when parsing and not written.
 *
 * @param senderSsrc the sender of this report
 * @param ntpTimestamp the 64-bit NTP timestamp (seconds since 1900 in the high 32 bits, fraction in
 *     the low 32)
 * @param rtpTimestamp the same instant in the sender's RTP clock (unsigned 32 bits)
 * @param packetCount RTP data packets sent (unsigned 32 bits)
 * @param octetCount payload octets sent (unsigned 32 bits)
 * @param reportBlocks at most 31 reception reports
 */
public record SenderReport(
    long senderSsrc,
    long ntpTimestamp,
    long rtpTimestamp,
    long packetCount,
    long octetCount,
    List<ReportBlock> reportBlocks)
    implements RtcpPacket {

  // header(4) + SSRC(4) + NTP(8) + RTP ts(4) + packet count(4) + octet count(4)
  private static final int FIXED = 28;

  public SenderReport {
    Rtcp.checkU32(senderSsrc, "senderSsrc");
    Rtcp.checkU32(rtpTimestamp, "rtpTimestamp");
    Rtcp.checkU32(packetCount, "packetCount");
    Rtcp.checkU32(octetCount, "octetCount");
    reportBlocks = List.copyOf(reportBlocks);
    Rtcp.checkRange(reportBlocks.size(), 0, 31, "report block count");
  }

  static SenderReport parse(byte[] b, int off, int len, int count) {
    if (len < FIXED + count * ReportBlock.LENGTH) {
      return null;
    }
    List<ReportBlock> blocks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      blocks.add(ReportBlock.read(b, off + FIXED + i * ReportBlock.LENGTH));
    }
    return new SenderReport(
        Rtcp.u32(b, off + 4),
        Rtcp.u64(b, off + 8),
        Rtcp.u32(b, off + 16),
        Rtcp.u32(b, off + 20),
        Rtcp.u32(b, off + 24),
        blocks);
  }

  @Override
  public int packetType() {
    return Rtcp.PT_SR;
  }

  @Override
  public int length() {
    return FIXED + reportBlocks.size() * ReportBlock.LENGTH;
  }

  @Override
  public int write(byte[] buf, int off) {
    int length = length();
    Rtcp.checkRoom(buf, off, length);
    Rtcp.putHeader(buf, off, reportBlocks.size(), Rtcp.PT_SR, length);
    Rtcp.put32(buf, off + 4, senderSsrc);
    Rtcp.put64(buf, off + 8, ntpTimestamp);
    Rtcp.put32(buf, off + 16, rtpTimestamp);
    Rtcp.put32(buf, off + 20, packetCount);
    Rtcp.put32(buf, off + 24, octetCount);
    for (int i = 0; i < reportBlocks.size(); i++) {
      reportBlocks.get(i).writeTo(buf, off + FIXED + i * ReportBlock.LENGTH);
    }
    return length;
  }
}
