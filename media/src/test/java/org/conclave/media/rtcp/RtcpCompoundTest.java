package org.conclave.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.conclave.media.rtcp.RtcpTestBytes.hex;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtcpCompoundTest {

  static final byte[] SR_AND_SDES =
      concat(SenderReceiverReportTest.SENDER_REPORT, SourceDescriptionTest.CNAME_ABC);

  static final byte[] EMPTY_RR = hex("80 c9 00 01 00 00 00 01");

  static final byte[] RR_AND_REMB = concat(EMPTY_RR, RembTest.REMB);

  @Test
  void senderReportAndSourceDescriptionParseInOrder() {
    List<RtcpPacket> packets = RtcpCompound.parse(SR_AND_SDES, 0, SR_AND_SDES.length);
    assertThat(packets).hasSize(2);
    assertThat(packets.get(0)).isInstanceOf(SenderReport.class);
    assertThat(((SourceDescription) packets.get(1)).chunks().get(0).cname()).isEqualTo("abc");
  }

  @Test
  void senderReportAndSourceDescriptionWriteBackByteForByte() {
    assertThat(RtcpCompound.toBytes(RtcpCompound.parse(SR_AND_SDES, 0, SR_AND_SDES.length)))
        .isEqualTo(SR_AND_SDES);
  }

  @Test
  void receiverReportAndRembRoundTrip() {
    List<RtcpPacket> packets = RtcpCompound.parse(RR_AND_REMB, 0, RR_AND_REMB.length);
    assertThat(packets)
        .containsExactly(new ReceiverReport(1, List.of()), new Remb(1, 1_000_000, List.of(2L)));
    assertThat(RtcpCompound.toBytes(packets)).isEqualTo(RR_AND_REMB);
  }

  @Test
  void everyCutInsideAPacketIsRejectedAndACutBetweenPacketsKeepsTheFirst() {
    int boundary = SenderReceiverReportTest.SENDER_REPORT.length;
    for (int len = 0; len < SR_AND_SDES.length; len++) {
      List<RtcpPacket> packets = RtcpCompound.parse(SR_AND_SDES, 0, len);
      if (len == boundary) {
        assertThat(packets).hasSize(1);
      } else {
        assertThat(packets).as("first %d bytes", len).isNull();
      }
    }
  }

  @Test
  void lengthRunningPastTheBufferRejectsTheWholeCompound() {
    byte[] bytes = RR_AND_REMB.clone();
    bytes[EMPTY_RR.length + 3] = 6; // REMB claims 28 bytes, 24 are there
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void bytesLeftOverAfterTheLastPacketAreRejected() {
    byte[] bytes = concat(EMPTY_RR, hex("80 c9"));
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void parsesAtAnOffsetInsideALargerBuffer() {
    byte[] buffer = new byte[100];
    Arrays.fill(buffer, (byte) 0xee);
    System.arraycopy(RR_AND_REMB, 0, buffer, 17, RR_AND_REMB.length);
    assertThat(RtcpCompound.parse(buffer, 17, RR_AND_REMB.length))
        .isEqualTo(RtcpCompound.parse(RR_AND_REMB, 0, RR_AND_REMB.length));
  }

  @Test
  void paddingOnTheLastPacketIsRemoved() {
    // RFC 3550 §6.4.1: P bit set, the last octet counts 4 octets of padding.
    byte[] bytes = hex("a0 c9 00 02 00 00 00 01 00 00 00 04");
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length))
        .containsExactly(new ReceiverReport(1, List.of()));
  }

  @Test
  void paddingCountOfZeroOrPastThePacketIsRejected() {
    byte[] zero = hex("a0 c9 00 02 00 00 00 01 00 00 00 00");
    byte[] tooMuch = hex("a0 c9 00 02 00 00 00 01 00 00 00 0d");
    assertThat(RtcpCompound.parse(zero, 0, zero.length)).isNull();
    assertThat(RtcpCompound.parse(tooMuch, 0, tooMuch.length)).isNull();
  }

  @Test
  void unknownPacketTypeIsKeptAndWrittenBack() {
    // RFC 3550 §6.7 APP: subtype 0, SSRC, name "test", 4 bytes of data.
    byte[] app = hex("80 cc 00 03 00 00 00 01 74 65 73 74 de ad be ef");
    List<RtcpPacket> packets = RtcpCompound.parse(app, 0, app.length);
    assertThat(packets).singleElement().isInstanceOf(UnknownRtcpPacket.class);
    assertThat(RtcpCompound.toBytes(packets)).isEqualTo(app);
  }

  @Test
  void unknownPacketWithUnalignedPayloadIsWrittenWithPadding() {
    UnknownRtcpPacket app = new UnknownRtcpPacket(204, 0, new byte[] {1, 2, 3, 4, 5});
    byte[] bytes = RtcpCompound.toBytes(List.of(app));
    assertThat(bytes).isEqualTo(hex("a0 cc 00 02 01 02 03 04 05 00 00 03"));
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).containsExactly(app);
  }

  @Test
  void wrongVersionIsRejected() {
    byte[] bytes = EMPTY_RR.clone();
    bytes[0] = 0x40; // version 1
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void garbageIsRejected() {
    byte[] text =
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(RtcpCompound.parse(text, 0, text.length)).isNull();
    assertThat(RtcpCompound.parse(new byte[64], 0, 64)).isNull();
    assertThat(RtcpCompound.parse(new byte[0], 0, 0)).isNull();
    assertThat(RtcpCompound.parse(null, 0, 0)).isNull();
    assertThat(RtcpCompound.parse(EMPTY_RR, 4, 8)).isNull(); // range outside the buffer
    assertThat(RtcpCompound.parse(EMPTY_RR, -1, 8)).isNull();
  }

  @Test
  void randomBytesNeverThrow() {
    Random random = new Random(4);
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes = new byte[random.nextInt(64)];
      random.nextBytes(bytes);
      if (bytes.length > 1) {
        bytes[0] = (byte) (0x80 | (bytes[0] & 0x3f)); // version 2, to get past the first check
      }
      RtcpCompound.parse(bytes, 0, bytes.length);
    }
  }

  @Test
  void looksLikeRtcpAcceptsRtcpPacketTypes() {
    assertThat(Rtcp.looksLikeRtcp(EMPTY_RR, 0, EMPTY_RR.length)).isTrue();
    assertThat(Rtcp.looksLikeRtcp(RembTest.REMB, 0, RembTest.REMB.length)).isTrue();
  }

  @Test
  void looksLikeRtcpRejectsRtp() {
    // RFC 5761 §4: RTP payload type 96 (dynamic), and 111 with the marker bit (0xef = 239).
    byte[] rtp = hex("80 60 00 01 00 00 00 00 00 00 00 01");
    byte[] rtpMarker = hex("80 ef 00 01 00 00 00 00 00 00 00 01");
    assertThat(Rtcp.looksLikeRtcp(rtp, 0, rtp.length)).isFalse();
    assertThat(Rtcp.looksLikeRtcp(rtpMarker, 0, rtpMarker.length)).isFalse();
  }

  @Test
  void looksLikeRtcpRejectsWrongVersionShortInputAndBadRanges() {
    byte[] v1 = hex("40 c9 00 01 00 00 00 01");
    assertThat(Rtcp.looksLikeRtcp(v1, 0, v1.length)).isFalse();
    assertThat(Rtcp.looksLikeRtcp(EMPTY_RR, 0, 7)).isFalse();
    assertThat(Rtcp.looksLikeRtcp(EMPTY_RR, 1, 8)).isFalse();
    assertThat(Rtcp.looksLikeRtcp(null, 0, 8)).isFalse();
  }

  @Test
  void inPlaceReadersSeeTypeFormatAndSender() {
    assertThat(Rtcp.packetType(RembTest.REMB, 0)).isEqualTo(Rtcp.PT_PSFB);
    assertThat(Rtcp.countOrFormat(RembTest.REMB, 0)).isEqualTo(Rtcp.FMT_AFB);
    assertThat(Rtcp.senderSsrc(RembTest.REMB, 0)).isEqualTo(1);
  }

  @Test
  void writerRefusesABufferTooSmallAndWritesNothing() {
    byte[] small = new byte[RR_AND_REMB.length - 1];
    List<RtcpPacket> packets = RtcpCompound.parse(RR_AND_REMB, 0, RR_AND_REMB.length);
    assertThatThrownBy(() -> RtcpCompound.write(packets, small, 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(small).containsOnly(0);
  }

  @Test
  void writerWritesAtAnOffset() {
    List<RtcpPacket> packets = RtcpCompound.parse(RR_AND_REMB, 0, RR_AND_REMB.length);
    byte[] buffer = new byte[RR_AND_REMB.length + 10];
    assertThat(RtcpCompound.write(packets, buffer, 10)).isEqualTo(RR_AND_REMB.length);
    assertThat(Arrays.copyOfRange(buffer, 10, buffer.length)).isEqualTo(RR_AND_REMB);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
