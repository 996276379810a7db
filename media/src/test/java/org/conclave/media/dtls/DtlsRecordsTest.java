package org.conclave.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DtlsRecordsTest {

  /** A DTLS 1.2 handshake record header (RFC 6347 §4.1) with a 2-byte fragment. */
  private static final byte[] RECORD = {
    22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 1, 2
  };

  @Test
  void firstByteDecidesDtlsOnAMultiplexedPort() {
    // RFC 7983 §7: 0..3 STUN, 16..19 ZRTP, 20..63 DTLS, 64..79 TURN channel, 128..191 RTP/RTCP.
    assertThat(DtlsRecords.looksLikeDtls(new byte[] {20}, 0, 1)).isTrue();
    assertThat(DtlsRecords.looksLikeDtls(new byte[] {63}, 0, 1)).isTrue();
    assertThat(DtlsRecords.looksLikeDtls(new byte[] {0}, 0, 1)).isFalse();
    assertThat(DtlsRecords.looksLikeDtls(new byte[] {19}, 0, 1)).isFalse();
    assertThat(DtlsRecords.looksLikeDtls(new byte[] {64}, 0, 1)).isFalse();
    assertThat(DtlsRecords.looksLikeDtls(new byte[] {(byte) 0x80}, 0, 1)).isFalse();
    assertThat(DtlsRecords.looksLikeDtls(new byte[0], 0, 0)).isFalse();
    assertThat(DtlsRecords.looksLikeDtls(null, 0, 1)).isFalse();
  }

  @Test
  void wholeRecordsAreWellFormed() {
    byte[] two = new byte[RECORD.length * 2 + 4];
    System.arraycopy(RECORD, 0, two, 2, RECORD.length);
    System.arraycopy(RECORD, 0, two, 2 + RECORD.length, RECORD.length);

    assertThat(DtlsRecords.isWellFormed(RECORD, 0, RECORD.length)).isTrue();
    assertThat(DtlsRecords.isWellFormed(two, 2, RECORD.length * 2)).isTrue();
  }

  @Test
  void truncatedTrailingOrForeignBytesAreNotWellFormed() {
    assertThat(DtlsRecords.isWellFormed(RECORD, 0, RECORD.length - 1)).isFalse();
    assertThat(DtlsRecords.isWellFormed(RECORD, 0, 12)).isFalse();
    byte[] trailing = java.util.Arrays.copyOf(RECORD, RECORD.length + 1);
    assertThat(DtlsRecords.isWellFormed(trailing, 0, trailing.length)).isFalse();
    byte[] heartbeat = RECORD.clone();
    heartbeat[0] = 24;
    assertThat(DtlsRecords.isWellFormed(heartbeat, 0, heartbeat.length)).isFalse();
    byte[] tls = RECORD.clone();
    tls[1] = 3; // TLS 1.2 is {3, 3}, not DTLS
    assertThat(DtlsRecords.isWellFormed(tls, 0, tls.length)).isFalse();
    assertThat(DtlsRecords.isWellFormed(RECORD, 10, RECORD.length)).isFalse();
  }
}
