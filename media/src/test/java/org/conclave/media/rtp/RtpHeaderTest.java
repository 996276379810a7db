package org.conclave.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.rtp.Bytes.hex;

import org.junit.jupiter.api.Test;

class RtpHeaderTest {

  // RFC 3550 §5.1 fixed header: V=2, P=0, X=0, CC=0, M=1, PT=111, seq=0x1234,
  // timestamp=0xDEADBEEF, SSRC=0xCAFEBABE, then two payload bytes.
  private static final byte[] PACKET = hex("80 EF 1234 DEADBEEF CAFEBABE 0102");

  @Test
  void readsTheFixedHeaderFields() {
    assertThat(RtpHeader.version(PACKET, 0)).isEqualTo(2);
    assertThat(RtpHeader.marker(PACKET, 0)).isTrue();
    assertThat(RtpHeader.payloadType(PACKET, 0)).isEqualTo(111);
    assertThat(RtpHeader.sequenceNumber(PACKET, 0)).isEqualTo(0x1234);
    assertThat(RtpHeader.timestamp(PACKET, 0)).isEqualTo(0xDEADBEEFL);
    assertThat(RtpHeader.ssrc(PACKET, 0)).isEqualTo(0xCAFEBABEL);
    assertThat(RtpHeader.headerLength(PACKET, 0, PACKET.length)).isEqualTo(12);
  }

  @Test
  void looksLikeRtpAcceptsVersionTwoWithAnOrdinaryPayloadType() {
    assertThat(RtpHeader.looksLikeRtp(PACKET, 0, PACKET.length)).isTrue();
  }

  @Test
  void looksLikeRtpRejectsOtherVersions() {
    for (int version : new int[] {0, 1, 3}) {
      byte[] packet = PACKET.clone();
      packet[0] = (byte) ((version << 6) | (packet[0] & 0x3F));
      assertThat(RtpHeader.looksLikeRtp(packet, 0, packet.length)).as("v%d", version).isFalse();
    }
  }

  @Test
  void looksLikeRtpRejectsRtcpPacketTypesWithOrWithoutTheMarkerBit() {
    // RFC 5761 §4: RTCP packet types 192-223 are payload types 64-95 with the marker folded.
    for (int secondByte : new int[] {64, 72, 95, 192, 200, 201, 206, 223}) {
      byte[] packet = PACKET.clone();
      packet[1] = (byte) secondByte;
      assertThat(RtpHeader.looksLikeRtp(packet, 0, packet.length)).as("%d", secondByte).isFalse();
    }
  }

  @Test
  void looksLikeRtpAcceptsPayloadTypesJustOutsideTheRtcpRange() {
    for (int secondByte : new int[] {63, 96, 127, 0x80 | 63, 0x80 | 96}) {
      byte[] packet = PACKET.clone();
      packet[1] = (byte) secondByte;
      assertThat(RtpHeader.looksLikeRtp(packet, 0, packet.length)).as("%d", secondByte).isTrue();
    }
  }

  @Test
  void looksLikeRtpRejectsShortAndOutOfBoundsInput() {
    assertThat(RtpHeader.looksLikeRtp(PACKET, 0, 11)).isFalse();
    assertThat(RtpHeader.looksLikeRtp(PACKET, 4, PACKET.length)).isFalse();
    assertThat(RtpHeader.looksLikeRtp(PACKET, -1, 12)).isFalse();
    assertThat(RtpHeader.looksLikeRtp(null, 0, 12)).isFalse();
  }

  @Test
  void headerLengthIsMinusOneWhenCsrcsRunPastTheEnd() {
    byte[] packet = hex("82 60 0001 00000001 00000002 00000003"); // CC=2, one CSRC present
    assertThat(RtpHeader.headerLength(packet, 0, packet.length)).isEqualTo(-1);
  }

  @Test
  void settersRewriteOneFieldAndLeaveTheRestAlone() {
    byte[] packet = Bytes.embed(PACKET, 5, 3);
    RtpHeader.setSsrc(packet, 5, 0x01020304L);
    RtpHeader.setSequenceNumber(packet, 5, 0xFFFF);
    RtpHeader.setTimestamp(packet, 5, 0xFFFFFFFFL);
    RtpHeader.setPayloadType(packet, 5, 96);
    assertThat(RtpHeader.marker(packet, 5)).isTrue();
    RtpHeader.setMarker(packet, 5, false);
    assertThat(RtpHeader.payloadType(packet, 5)).isEqualTo(96);

    byte[] expected = Bytes.embed(hex("80 60 FFFF FFFFFFFF 01020304 0102"), 5, 3);
    assertThat(packet).isEqualTo(expected);
  }

  @Test
  void settersKeepOnlyTheFieldsWidth() {
    byte[] packet = PACKET.clone();
    RtpHeader.setSequenceNumber(packet, 0, 0x1_0005);
    RtpHeader.setPayloadType(packet, 0, 0x80 | 8);
    assertThat(RtpHeader.sequenceNumber(packet, 0)).isEqualTo(5);
    assertThat(RtpHeader.payloadType(packet, 0)).isEqualTo(8);
    assertThat(RtpHeader.marker(packet, 0)).isTrue();
  }
}
