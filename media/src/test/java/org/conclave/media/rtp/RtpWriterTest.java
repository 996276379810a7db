package org.conclave.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.conclave.media.rtp.Bytes.hex;

import java.util.List;
import org.junit.jupiter.api.Test;

class RtpWriterTest {

  @Test
  void buildsTheFixedHeaderOfRfc3550() {
    byte[] packet =
        RtpWriter.build(RtpFields.of(true, 111, 0x1234, 0xDEADBEEFL, 1), hex("0102"), 0);
    assertThat(packet).isEqualTo(hex("80 EF 1234 DEADBEEF 00000001 0102"));
  }

  @Test
  void buildsCsrcsExtensionsAndPadding() {
    RtpFields fields =
        new RtpFields(
            true,
            96,
            0x0102,
            0x10000,
            0x11223344L,
            List.of(0xAL),
            List.of(new HeaderExtension(1, hex("AA")), new HeaderExtension(3, hex("0102"))));

    byte[] packet = RtpWriter.build(fields, hex("DEADBEEF"), 2);

    assertThat(packet)
        .isEqualTo(
            hex(
                "B1 E0 0102 00010000 11223344 0000000A BEDE 0002 10AA 310102 000000 DEADBEEF 0002"));
  }

  @Test
  void writesAtAnOffsetAndReturnsTheLength() {
    byte[] dst = new byte[40];
    int length = RtpWriter.write(dst, 10, RtpFields.of(false, 0, 1, 2, 3), hex("FF"), 0, 1, 0);
    assertThat(length).isEqualTo(13);
    assertThat(java.util.Arrays.copyOfRange(dst, 10, 23))
        .isEqualTo(hex("80 00 0001 00000002 00000003 FF"));
    assertThat(dst[9]).isZero();
    assertThat(dst[23]).isZero();
  }

  @Test
  void writeReturnsMinusOneWhenThePacketDoesNotFit() {
    byte[] dst = new byte[12];
    assertThat(RtpWriter.write(dst, 0, RtpFields.of(false, 0, 1, 2, 3), hex("FF"), 0, 1, 0))
        .isEqualTo(-1);
    assertThat(dst).containsOnly(0);
  }

  @Test
  void fieldsOutsideTheirWidthAreRefused() {
    assertThatThrownBy(() -> RtpFields.of(false, 128, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtpFields.of(false, 0, 65536, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtpFields.of(false, 0, 0, 1L << 32, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RtpFields.of(false, 0, 0, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void paddingOutsideOneByteIsRefused() {
    assertThatThrownBy(() -> RtpWriter.build(RtpFields.of(false, 0, 0, 0, 0), new byte[0], 256))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
