package org.conclave.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.rtp.Bytes.hex;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The forwarding path calls the in-place readers and rewriters per packet per subscriber; they must
 * not allocate. Measured with HotSpot's per-thread allocation counter over many calls, so a single
 * allocation per call would show as hundreds of kilobytes.
 */
class InPlaceAllocationTest {

  private static final int ROUNDS = 100_000;

  // One-byte block: id 1 audio level, id 2 abs-send-time, id 5 transport-wide sequence number;
  // then a VP8 payload: descriptor with 15-bit PictureID and TL0PICIDX, payload header, data.
  private static final byte[] PACKET =
      hex(
          "90 60 0001 00000001 00000001 BEDE 0003 10AA 22 000001 51 0001 000000 90 C0 9234 05 10 0000");

  @Test
  void forwardingPathReadsAndRewritesWithoutAllocating() {
    byte[] buf = PACKET.clone();
    long sink = runForwardingPath(buf, 1_000); // load classes and resolve call sites first

    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    sink += runForwardingPath(buf, ROUNDS);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(sink).isNotZero();
    assertThat(allocated).as("bytes allocated over %d packets", ROUNDS).isLessThan(4_096);
  }

  private static long runForwardingPath(byte[] buf, int rounds) {
    long sink = 0;
    int len = buf.length;
    for (int i = 0; i < rounds; i++) {
      if (!RtpHeader.looksLikeRtp(buf, 0, len)) {
        continue;
      }
      int headerLength = RtpHeader.headerLength(buf, 0, len);
      sink += RtpHeader.ssrc(buf, 0) + RtpHeader.sequenceNumber(buf, 0);
      RtpHeader.setSsrc(buf, 0, 0x1000L + i);
      RtpHeader.setSequenceNumber(buf, 0, i);
      RtpHeader.setTimestamp(buf, 0, 90L * i);
      RtpHeader.setPayloadType(buf, 0, 96);
      RtpHeader.setMarker(buf, 0, (i & 1) == 0);
      long level = HeaderExtensions.findInPacket(buf, 0, len, 1);
      sink +=
          ExtensionValues.readAudioLevel(
              buf, HeaderExtensions.dataOffset(level), HeaderExtensions.dataLength(level));
      ExtensionValues.rewriteTransportWideSequenceNumber(buf, 0, len, 5, i);
      ExtensionValues.rewriteAbsSendTime(buf, 0, len, 2, i);
      int vp8 = headerLength;
      sink += Vp8PayloadDescriptor.isKeyframe(buf, vp8, len - vp8) ? 1 : 0;
      Vp8PayloadDescriptor.setPictureId(buf, vp8, len - vp8, i);
      Vp8PayloadDescriptor.setTl0PicIdx(buf, vp8, len - vp8, i);
      sink += Vp8PayloadDescriptor.pictureId(buf, vp8, len - vp8);
    }
    return sink;
  }
}
