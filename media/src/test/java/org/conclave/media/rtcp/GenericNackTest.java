package org.conclave.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.rtcp.RtcpTestBytes.assertEveryTruncationIsRejected;
import static org.conclave.media.rtcp.RtcpTestBytes.hex;
import static org.conclave.media.rtcp.RtcpTestBytes.parseOne;
import static org.conclave.media.rtcp.RtcpTestBytes.write;

import java.util.List;
import org.junit.jupiter.api.Test;

class GenericNackTest {

  // RFC 4585 §6.2.1: RTPFB (205) FMT=1, sender 1, media 2, PID=100 with BLP=0x8005: bits 0, 2
  // and 15 mean 101, 103 and 116 are lost as well.
  static final byte[] NACK = hex("81 cd 00 03 00 00 00 01 00 00 00 02 00 64 80 05");

  @Test
  void blpExpandsToLostSequenceNumbers() {
    assertThat(parseOne(NACK)).isEqualTo(new GenericNack(1, 2, List.of(100, 101, 103, 116)));
  }

  @Test
  void writesPidAndBlpFromList() {
    assertThat(write(new GenericNack(1, 2, List.of(100, 101, 103, 116)))).isEqualTo(NACK);
  }

  @Test
  void blpWrapsAroundSequenceNumberZero() {
    byte[] bytes = hex("81 cd 00 03 00 00 00 01 00 00 00 02 ff fe 00 03");
    assertThat(((GenericNack) parseOne(bytes)).lostSequenceNumbers())
        .containsExactly(65534, 65535, 0);
  }

  @Test
  void sequenceNumbersMoreThan16ApartStartANewEntry() {
    byte[] bytes = write(new GenericNack(1, 2, List.of(1, 17, 18)));
    // PID 1 with bit 15 (1 + 16 = 17), then PID 18 with no bits.
    assertThat(bytes).isEqualTo(hex("81 cd 00 04 00 00 00 01 00 00 00 02 00 01 80 00 00 12 00 00"));
  }

  @Test
  void severalEntriesRoundTrip() {
    GenericNack nack = new GenericNack(7, 8, List.of(65530, 65535, 3, 40, 41, 1000));
    assertThat(parseOne(write(nack))).isEqualTo(nack);
  }

  @Test
  void repeatedSequenceNumberIsWrittenOnce() {
    assertThat(parseOne(write(new GenericNack(1, 2, List.of(5, 5, 6)))))
        .isEqualTo(new GenericNack(1, 2, List.of(5, 6)));
  }

  @Test
  void nackWithoutEntriesIsRejected() {
    byte[] bytes = hex("81 cd 00 02 00 00 00 01 00 00 00 02");
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void everyTruncationIsRejected() {
    assertEveryTruncationIsRejected(NACK);
  }
}
