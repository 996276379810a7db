package org.conclave.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.rtcp.RtcpTestBytes.assertEveryTruncationIsRejected;
import static org.conclave.media.rtcp.RtcpTestBytes.hex;
import static org.conclave.media.rtcp.RtcpTestBytes.parseOne;
import static org.conclave.media.rtcp.RtcpTestBytes.write;

import java.util.List;
import org.conclave.media.rtcp.FullIntraRequest.Entry;
import org.junit.jupiter.api.Test;

class PictureLossAndFullIntraRequestTest {

  // RFC 4585 §6.3.1: PSFB (206) FMT=1, sender 1, media 2, no FCI.
  static final byte[] PLI = hex("81 ce 00 02 00 00 00 01 00 00 00 02");

  // RFC 5104 §4.3.1: PSFB FMT=4, sender 1, media SSRC 0 (unused), one FCI: SSRC 2, seq 5.
  static final byte[] FIR = hex("84 ce 00 04 00 00 00 01 00 00 00 00 00 00 00 02 05 00 00 00");

  @Test
  void parsesPictureLossIndication() {
    assertThat(parseOne(PLI)).isEqualTo(new PictureLossIndication(1, 2));
  }

  @Test
  void writesPictureLossIndicationByteForByte() {
    assertThat(write(new PictureLossIndication(1, 2))).isEqualTo(PLI);
  }

  @Test
  void everyTruncatedPictureLossIndicationIsRejected() {
    assertEveryTruncationIsRejected(PLI);
  }

  @Test
  void parsesFullIntraRequestWithSequenceNumber() {
    assertThat(parseOne(FIR)).isEqualTo(new FullIntraRequest(1, List.of(new Entry(2, 5))));
  }

  @Test
  void writesFullIntraRequestByteForByte() {
    assertThat(write(new FullIntraRequest(1, List.of(new Entry(2, 5))))).isEqualTo(FIR);
  }

  @Test
  void fullIntraRequestWithSeveralEntriesRoundTrips() {
    FullIntraRequest fir =
        new FullIntraRequest(9, List.of(new Entry(2, 0), new Entry(0xffffffffL, 255)));
    assertThat(parseOne(write(fir))).isEqualTo(fir);
  }

  @Test
  void fullIntraRequestWithPartialEntryIsRejected() {
    byte[] bytes = hex("84 ce 00 03 00 00 00 01 00 00 00 00 00 00 00 02");
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void everyTruncatedFullIntraRequestIsRejected() {
    assertEveryTruncationIsRejected(FIR);
  }
}
