package org.conclave.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.rtp.Bytes.hex;

import java.util.List;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

  // Laid out after RFC 3550 §5.1 and §5.3.1 and RFC 8285 §4.2:
  //   90        V=2 P=0 X=1 CC=0          E0     M=1 PT=96
  //   0102      sequence number           00010000  timestamp
  //   11223344  SSRC
  //   BEDE 0002 one-byte profile, 2 words
  //   10 AA     id 1, L=0 (1 byte): audio level V=1 level 42 (RFC 6464 §3)
  //   31 0102   id 3, L=1 (2 bytes): transport-wide sequence number 0x0102
  //   00 00 00  padding to the word boundary
  //   DEADBEEF  payload
  private static final byte[] WITH_EXTENSIONS =
      hex("90 E0 0102 00010000 11223344 BEDE 0002 10AA 310102 000000 DEADBEEF");

  // V=2 P=1 X=0 CC=2, M=0 PT=0, two CSRCs, payload 0xCAFE, then 3 bytes of padding ending in 03.
  private static final byte[] WITH_CSRCS_AND_PADDING =
      hex("A2 00 FFFF FFFFFFFF 00000001 0000000A 0000000B CAFE 000003");

  @Test
  void parsesHeaderFieldsExtensionsAndPayload() {
    RtpPacket packet = RtpPacket.parse(WITH_EXTENSIONS, 0, WITH_EXTENSIONS.length);

    assertThat(packet).isNotNull();
    assertThat(packet.version()).isEqualTo(2);
    assertThat(packet.padding()).isFalse();
    assertThat(packet.hasExtension()).isTrue();
    assertThat(packet.csrcCount()).isZero();
    assertThat(packet.marker()).isTrue();
    assertThat(packet.payloadType()).isEqualTo(96);
    assertThat(packet.sequenceNumber()).isEqualTo(0x0102);
    assertThat(packet.timestamp()).isEqualTo(0x10000);
    assertThat(packet.ssrc()).isEqualTo(0x11223344L);
    assertThat(packet.extensionProfile()).isEqualTo(0xBEDE);
    assertThat(packet.extensionOffset()).isEqualTo(12);
    assertThat(packet.extensionLength()).isEqualTo(12);
    assertThat(packet.extensions())
        .containsExactly(new HeaderExtension(1, hex("AA")), new HeaderExtension(3, hex("0102")));
    assertThat(packet.extension(3)).isEqualTo(new HeaderExtension(3, hex("0102")));
    assertThat(packet.extension(2)).isNull();
    assertThat(packet.payloadOffset()).isEqualTo(24);
    assertThat(packet.payloadLength()).isEqualTo(4);
    assertThat(packet.paddingLength()).isZero();
  }

  @Test
  void parsesCsrcsAndPadding() {
    RtpPacket packet = RtpPacket.parse(WITH_CSRCS_AND_PADDING, 0, WITH_CSRCS_AND_PADDING.length);

    assertThat(packet).isNotNull();
    assertThat(packet.csrcs()).containsExactly(0xAL, 0xBL);
    assertThat(packet.timestamp()).isEqualTo(0xFFFFFFFFL);
    assertThat(packet.ssrc()).isEqualTo(1);
    assertThat(packet.padding()).isTrue();
    assertThat(packet.paddingLength()).isEqualTo(3);
    assertThat(packet.payloadOffset()).isEqualTo(20);
    assertThat(packet.payloadLength()).isEqualTo(2);
    assertThat(packet.hasExtension()).isFalse();
    assertThat(packet.extensionOffset()).isEqualTo(-1);
  }

  @Test
  void offsetsPointIntoTheCallersBuffer() {
    byte[] buf = Bytes.embed(WITH_EXTENSIONS, 7, 9);
    RtpPacket packet = RtpPacket.parse(buf, 7, WITH_EXTENSIONS.length);

    assertThat(packet).isNotNull();
    assertThat(packet.extensionOffset()).isEqualTo(7 + 12);
    assertThat(packet.payloadOffset()).isEqualTo(7 + 24);
    assertThat(packet.fields())
        .isEqualTo(RtpPacket.parse(WITH_EXTENSIONS, 0, WITH_EXTENSIONS.length).fields());
  }

  @Test
  void paddingThatFillsEverythingAfterTheHeaderLeavesAnEmptyPayload() {
    byte[] packet = hex("A0 00 0001 00000001 00000001 00000004");
    RtpPacket parsed = RtpPacket.parse(packet, 0, packet.length);
    assertThat(parsed).isNotNull();
    assertThat(parsed.payloadLength()).isZero();
    assertThat(parsed.paddingLength()).isEqualTo(4);
  }

  @Test
  void paddingCountOfZeroIsRejected() {
    byte[] packet = hex("A0 00 0001 00000001 00000001 CAFE0000");
    assertThat(RtpPacket.parse(packet, 0, packet.length)).isNull();
  }

  @Test
  void paddingLongerThanWhatFollowsTheHeaderIsRejected() {
    byte[] packet = hex("A0 00 0001 00000001 00000001 CAFE0005");
    assertThat(RtpPacket.parse(packet, 0, packet.length)).isNull();
  }

  @Test
  void extensionBlockLongerThanThePacketIsRejected() {
    byte[] packet = hex("90 60 0001 00000001 00000001 BEDE 0003 10AA0000");
    assertThat(RtpPacket.parse(packet, 0, packet.length)).isNull();
  }

  @Test
  void malformedOneByteElementIsRejected() {
    // id 2 with L=3 claims 4 data bytes but the one-word block leaves 3.
    byte[] packet = hex("90 60 0001 00000001 00000001 BEDE 0001 23AABBCC");
    assertThat(RtpPacket.parse(packet, 0, packet.length)).isNull();
  }

  @Test
  void blockUnderAnotherProfileIsKeptAsRawBytes() {
    // RFC 3550 §5.3.1 leaves the profile-specific block opaque.
    byte[] packet = hex("90 60 0001 00000001 00000001 ABCD 0001 FFFFFFFF 77");
    RtpPacket parsed = RtpPacket.parse(packet, 0, packet.length);
    assertThat(parsed).isNotNull();
    assertThat(parsed.extensionProfile()).isEqualTo(0xABCD);
    assertThat(parsed.extensionLength()).isEqualTo(8);
    assertThat(parsed.extensions()).isEmpty();
    assertThat(parsed.payloadOffset()).isEqualTo(20);
    assertThat(parsed.payloadLength()).isEqualTo(1);
  }

  @Test
  void everyTruncationIsRejectedOrKeepsTheHeaderAndAccountsForEveryByte() {
    for (byte[] original : List.of(WITH_EXTENSIONS, WITH_CSRCS_AND_PADDING)) {
      RtpFields fields = RtpPacket.parse(original, 0, original.length).fields();
      for (int len = 0; len < original.length; len++) {
        RtpPacket parsed = RtpPacket.parse(original, 0, len);
        if (parsed != null) {
          assertThat(parsed.fields()).as("len %d", len).isEqualTo(fields);
          assertThat(parsed.payloadOffset() + parsed.payloadLength() + parsed.paddingLength())
              .as("len %d", len)
              .isEqualTo(len);
        }
      }
    }
  }

  @Test
  void headerTruncationsAreRejected() {
    for (int len = 0; len < 24; len++) {
      assertThat(RtpPacket.parse(WITH_EXTENSIONS, 0, len)).as("len %d", len).isNull();
    }
  }

  @Test
  void garbageIsRejected() {
    assertThat(RtpPacket.parse(null, 0, 20)).isNull();
    assertThat(RtpPacket.parse(new byte[20], 0, 20)).isNull(); // version 0
    assertThat(RtpPacket.parse(new byte[20], 10, 20)).isNull(); // out of bounds
    assertThat(RtpPacket.parse(new byte[20], 0, -1)).isNull();
    byte[] stun = hex("0001 0000 2112A442 000000000000000000000000");
    assertThat(RtpPacket.parse(stun, 0, stun.length)).isNull();
  }

  @Test
  void writeThenParseGivesBackTheSameFields() {
    RtpFields fields =
        new RtpFields(
            false,
            111,
            65535,
            0xFFFFFFFFL,
            0x89ABCDEFL,
            List.of(1L, 0xFFFFFFFFL),
            List.of(new HeaderExtension(1, hex("AA")), new HeaderExtension(4, hex("0102"))));
    byte[] payload = hex("0102030405");

    byte[] packet = RtpWriter.build(fields, payload, 7);
    RtpPacket parsed = RtpPacket.parse(packet, 0, packet.length);

    assertThat(parsed).isNotNull();
    assertThat(parsed.fields()).isEqualTo(fields);
    assertThat(parsed.paddingLength()).isEqualTo(7);
    assertThat(
            java.util.Arrays.copyOfRange(
                packet, parsed.payloadOffset(), parsed.payloadOffset() + parsed.payloadLength()))
        .isEqualTo(payload);
  }
}
