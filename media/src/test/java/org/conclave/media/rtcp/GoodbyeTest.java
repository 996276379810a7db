package org.conclave.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.rtcp.RtcpTestBytes.assertEveryTruncationIsRejected;
import static org.conclave.media.rtcp.RtcpTestBytes.hex;
import static org.conclave.media.rtcp.RtcpTestBytes.parseOne;
import static org.conclave.media.rtcp.RtcpTestBytes.write;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoodbyeTest {

  // RFC 3550 §6.6: SC=1, one SSRC, reason of length 3 "bye", already 32-bit aligned.
  static final byte[] BYE_WITH_REASON = hex("81 cb 00 02 11 22 33 44 03 62 79 65");

  @Test
  void parsesByeWithoutReason() {
    assertThat(parseOne(hex("81 cb 00 01 11 22 33 44")))
        .isEqualTo(new Goodbye(List.of(0x11223344L), null));
  }

  @Test
  void parsesByeWithReason() {
    assertThat(parseOne(BYE_WITH_REASON)).isEqualTo(new Goodbye(List.of(0x11223344L), "bye"));
  }

  @Test
  void writesByeWithReasonByteForByte() {
    assertThat(write(new Goodbye(List.of(0x11223344L), "bye"))).isEqualTo(BYE_WITH_REASON);
  }

  @Test
  void severalSourcesAndPaddedReasonRoundTrip() {
    Goodbye bye = new Goodbye(List.of(1L, 2L, 0xffffffffL), "rời phòng");
    byte[] bytes = write(bye);
    assertThat(bytes.length % 4).isZero();
    assertThat(parseOne(bytes)).isEqualTo(bye);
  }

  @Test
  void emptyReasonIsKeptApartFromNoReason() {
    Goodbye bye = new Goodbye(List.of(5L), "");
    assertThat(parseOne(write(bye))).isEqualTo(bye);
  }

  @Test
  void reasonRunningPastThePacketIsRejected() {
    byte[] bytes = hex("81 cb 00 02 11 22 33 44 09 62 79 65");
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void moreSourcesClaimedThanPresentIsRejected() {
    byte[] bytes = hex("83 cb 00 02 11 22 33 44 55 66 77 88");
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void everyTruncationIsRejected() {
    assertEveryTruncationIsRejected(BYE_WITH_REASON);
  }
}
