package org.conclave.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.conclave.media.rtcp.RtcpTestBytes.assertEveryTruncationIsRejected;
import static org.conclave.media.rtcp.RtcpTestBytes.hex;
import static org.conclave.media.rtcp.RtcpTestBytes.parseOne;
import static org.conclave.media.rtcp.RtcpTestBytes.write;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RembTest {

  // draft-alvestrand-rmcat-remb-03 §2.2: PSFB FMT=15, sender 1, media 0, "REMB", one SSRC,
  // 1,000,000 bps = 250,000 << 2: exponent 2, mantissa 0x3d090 → 0b000010_11_1101_0000_1001_0000.
  static final byte[] REMB =
      hex("8f ce 00 05 00 00 00 01 00 00 00 00 52 45 4d 42 01 0b d0 90 00 00 00 02");

  @Test
  void parsesBitrateAndSsrcs() {
    assertThat(parseOne(REMB)).isEqualTo(new Remb(1, 1_000_000, List.of(2L)));
  }

  @Test
  void writesByteForByte() {
    assertThat(write(new Remb(1, 1_000_000, List.of(2L)))).isEqualTo(REMB);
  }

  @Test
  void edgeBitratesRoundTrip() {
    long largest = ((1L << 18) - 1) << 45; // largest mantissa at the largest exponent that fits
    for (long bps : new long[] {0, 1, (1 << 18) - 1, 1 << 18, 1L << 62, largest}) {
      Remb remb = new Remb(1, bps, List.of());
      assertThat(parseOne(write(remb))).as("%d bps", bps).isEqualTo(remb);
    }
  }

  @Test
  void bitrateIsRoundedDownToWhatExponentAndMantissaCarry() {
    assertThat(Remb.representable(1_000_001)).isEqualTo(1_000_000);
    assertThat(Remb.representable(Long.MAX_VALUE)).isEqualTo(((1L << 18) - 1) << 45);
    assertThat(((Remb) parseOne(write(new Remb(1, 1_000_003, List.of())))).bitrateBps())
        .isEqualTo(1_000_000);
  }

  @Test
  void firstMantissaAboveEighteenBitsMovesToExponentOne() {
    byte[] bytes = write(new Remb(1, 1 << 18, List.of()));
    assertThat(bytes[17]).isEqualTo((byte) 0x06); // exponent 1, mantissa 0x20000
    assertThat(bytes[18]).isEqualTo((byte) 0x00);
    assertThat(bytes[19]).isEqualTo((byte) 0x00);
  }

  @Test
  void bitrateBeyondSixtyThreeBitsIsRejected() {
    // exponent 63, mantissa 1: 2^63 does not fit a long.
    byte[] bytes = hex("8f ce 00 04 00 00 00 01 00 00 00 00 52 45 4d 42 00 fc 00 01");
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void manySsrcsRoundTrip() {
    List<Long> ssrcs = LongStream.range(0, 255).boxed().toList();
    Remb remb = new Remb(0xffffffffL, Remb.representable(123_456_789), ssrcs);
    assertThat(parseOne(write(remb))).isEqualTo(remb);
  }

  @Test
  void moreSsrcsClaimedThanPresentIsRejected() {
    byte[] bytes = REMB.clone();
    bytes[16] = 2;
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void otherApplicationFeedbackIsKeptAsUnknown() {
    byte[] bytes = hex("8f ce 00 04 00 00 00 01 00 00 00 00 41 42 43 44 00 00 00 00");
    assertThat(parseOne(bytes)).isInstanceOf(UnknownRtcpPacket.class);
  }

  @Test
  void negativeBitrateIsRefused() {
    assertThatThrownBy(() -> new Remb(1, -1, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyTruncationIsRejected() {
    assertEveryTruncationIsRejected(REMB);
  }
}
