package org.conclave.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.conclave.media.rtcp.RtcpTestBytes.assertEveryTruncationIsRejected;
import static org.conclave.media.rtcp.RtcpTestBytes.hex;
import static org.conclave.media.rtcp.RtcpTestBytes.parseOne;
import static org.conclave.media.rtcp.RtcpTestBytes.write;

import java.util.List;
import org.junit.jupiter.api.Test;

class SenderReceiverReportTest {

  // Laid out by hand from RFC 3550 §6.4.1: V=2 RC=1 PT=200 length=12, sender info, one block
  // whose cumulative loss is -2 (0xfffffe, a 24-bit signed number).
  static final byte[] SENDER_REPORT =
      hex(
          """
          81 c8 00 0c  11 22 33 44
          e6 5b 5b 2a 80 00 00 00  00 01 e2 40  00 00 00 64  00 00 fa 00
          aa bb cc dd  19 ff ff fe  00 01 03 e8  00 00 00 20  5b 5b 2a 80  00 01 00 00
          """);

  static final ReportBlock BLOCK =
      new ReportBlock(0xaabbccddL, 0x19, -2, 0x103e8L, 0x20, 0x5b5b2a80L, 0x10000);

  @Test
  void parsesSenderReportWithReportBlock() {
    assertThat(parseOne(SENDER_REPORT))
        .isEqualTo(
            new SenderReport(
                0x11223344L, 0xe65b5b2a80000000L, 0x1e240L, 100, 0xfa00, List.of(BLOCK)));
  }

  @Test
  void writesSenderReportByteForByte() {
    assertThat(write(parseOne(SENDER_REPORT))).isEqualTo(SENDER_REPORT);
  }

  @Test
  void senderReportWithoutBlocksRoundTrips() {
    SenderReport sr = new SenderReport(0xffffffffL, -1L, 0xffffffffL, 0, 0, List.of());
    assertThat(parseOne(write(sr))).isEqualTo(sr);
    assertThat(write(sr)).hasSize(28);
  }

  @Test
  void senderReportProfileExtensionIsSkipped() {
    byte[] withExtension = hex("81 c8 00 0d" + hexFrom(SENDER_REPORT, 4) + "de ad be ef");
    assertThat(parseOne(withExtension)).isEqualTo(parseOne(SENDER_REPORT));
  }

  @Test
  void senderReportWithFewerBlocksThanItsCountIsRejected() {
    byte[] bytes = SENDER_REPORT.clone();
    bytes[0] = (byte) 0x82; // RC=2, only one block present
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void everyTruncatedSenderReportIsRejected() {
    assertEveryTruncationIsRejected(SENDER_REPORT);
  }

  @Test
  void emptyReceiverReportParses() {
    assertThat(parseOne(hex("80 c9 00 01 00 00 00 2a")))
        .isEqualTo(new ReceiverReport(42, List.of()));
  }

  @Test
  void receiverReportWithTwoBlocksRoundTrips() {
    ReceiverReport rr =
        new ReceiverReport(
            7,
            List.of(
                BLOCK,
                new ReportBlock(0xffffffffL, 255, 0x7fffff, 0xffffffffL, 0, 0, 0xffffffffL)));
    byte[] bytes = write(rr);
    assertThat(bytes).hasSize(8 + 2 * 24);
    assertThat(bytes[0]).isEqualTo((byte) 0x82);
    assertThat(parseOne(bytes)).isEqualTo(rr);
  }

  @Test
  void everyTruncatedReceiverReportIsRejected() {
    assertEveryTruncationIsRejected(write(new ReceiverReport(7, List.of(BLOCK))));
  }

  @Test
  void reportBlockRejectsValuesThatDoNotFit() {
    assertThatThrownBy(() -> new ReportBlock(1L << 32, 0, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReportBlock(1, 256, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ReportBlock(1, 0, 0x800000, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String hexFrom(byte[] bytes, int from) {
    return java.util.HexFormat.of().formatHex(bytes, from, bytes.length);
  }
}
