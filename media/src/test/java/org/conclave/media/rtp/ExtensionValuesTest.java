package org.conclave.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.rtp.Bytes.hex;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExtensionValuesTest {

  @Test
  void readsMidAndRidAsUtf8() {
    byte[] data = "video-1".getBytes(StandardCharsets.UTF_8);
    assertThat(ExtensionValues.readString(data, 0, data.length)).isEqualTo("video-1");
    byte[] vietnamese = "hình".getBytes(StandardCharsets.UTF_8);
    assertThat(ExtensionValues.readString(vietnamese, 0, vietnamese.length)).isEqualTo("hình");
  }

  @Test
  void rejectsInvalidUtf8AndEmptyStrings() {
    assertThat(ExtensionValues.readString(hex("61C3"), 0, 2)).isNull();
    assertThat(ExtensionValues.readString(hex("FF"), 0, 1)).isNull();
    assertThat(ExtensionValues.readString(hex("61"), 0, 0)).isNull();
  }

  @Test
  void comparesAStringElementWithoutDecodingIt() {
    byte[] buf = hex("00 6869 00");
    assertThat(ExtensionValues.bytesEqual(buf, 1, 2, "hi".getBytes(StandardCharsets.UTF_8)))
        .isTrue();
    assertThat(ExtensionValues.bytesEqual(buf, 1, 2, "ho".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(ExtensionValues.bytesEqual(buf, 1, 3, "hi".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
  }

  @Test
  void absSendTimeIsSixPointEighteenFixedPointSeconds() {
    // 1.5 s = 1.5 * 2^18 = 0x060000.
    assertThat(ExtensionValues.readAbsSendTime(hex("060000"), 0, 3)).isEqualTo(0x060000);
    assertThat(ExtensionValues.absSendTimeFromNanos(1_500_000_000L)).isEqualTo(0x060000);
    assertThat(ExtensionValues.absSendTimeToNanos(0x060000)).isEqualTo(1_500_000_000L);
  }

  @Test
  void absSendTimeWrapsEverySixtyFourSeconds() {
    assertThat(ExtensionValues.absSendTimeFromNanos(65_500_000_000L)).isEqualTo(0x060000);
    assertThat(ExtensionValues.absSendTimeFromNanos(64_000_000_000L - 1)).isEqualTo(0xFFFFFF);
  }

  @Test
  void absSendTimeOfTheWrongLengthIsRejected() {
    assertThat(ExtensionValues.readAbsSendTime(hex("0600"), 0, 2)).isEqualTo(-1);
    assertThat(ExtensionValues.writeAbsSendTime(new byte[4], 0, 4, 1)).isFalse();
  }

  @Test
  void readsAndWritesTheTransportWideSequenceNumber() {
    byte[] data = hex("FFFE");
    assertThat(ExtensionValues.readTransportWideSequenceNumber(data, 0, 2)).isEqualTo(0xFFFE);
    assertThat(ExtensionValues.writeTransportWideSequenceNumber(data, 0, 2, 0x10203)).isTrue();
    assertThat(data).isEqualTo(hex("0203"));
    assertThat(ExtensionValues.readTransportWideSequenceNumber(data, 0, 1)).isEqualTo(-1);
  }

  @Test
  void readsTheAudioLevelOfRfc6464() {
    // RFC 6464 §3: V=1 (voice), level 42 -dBov => 1 0101010 = 0xAA.
    int raw = ExtensionValues.readAudioLevel(hex("AA"), 0, 1);
    assertThat(ExtensionValues.voiceActivity(raw)).isTrue();
    assertThat(ExtensionValues.level(raw)).isEqualTo(42);
    int silence = ExtensionValues.readAudioLevel(hex("7F"), 0, 1);
    assertThat(ExtensionValues.voiceActivity(silence)).isFalse();
    assertThat(ExtensionValues.level(silence)).isEqualTo(127);
    assertThat(ExtensionValues.readAudioLevel(hex("AA00"), 0, 2)).isEqualTo(-1);
  }

  @Test
  void restampsTheTransportWideSequenceNumberAndAbsSendTimeOfAPacket() {
    // One-byte block: id 2 abs-send-time (L=2, 3 bytes), id 5 transport-wide seq (L=1, 2 bytes).
    byte[] packet = hex("90 60 0001 00000001 00000001 BEDE 0002 22 000001 51 0001 00 FF");
    byte[] buf = Bytes.embed(packet, 4, 4);

    assertThat(ExtensionValues.rewriteAbsSendTime(buf, 4, packet.length, 2, 0xABCDEF)).isTrue();
    assertThat(ExtensionValues.rewriteTransportWideSequenceNumber(buf, 4, packet.length, 5, 0x4242))
        .isTrue();

    byte[] expected = hex("90 60 0001 00000001 00000001 BEDE 0002 22 ABCDEF 51 4242 00 FF");
    assertThat(buf).isEqualTo(Bytes.embed(expected, 4, 4));
  }

  @Test
  void restampingAnAbsentOrMisSizedElementChangesNothing() {
    byte[] packet = hex("90 60 0001 00000001 00000001 BEDE 0001 21 0001 00 FF");
    byte[] before = packet.clone();
    assertThat(ExtensionValues.rewriteAbsSendTime(packet, 0, packet.length, 2, 1)).isFalse();
    assertThat(ExtensionValues.rewriteTransportWideSequenceNumber(packet, 0, packet.length, 3, 1))
        .isFalse();
    assertThat(packet).isEqualTo(before);
  }
}
