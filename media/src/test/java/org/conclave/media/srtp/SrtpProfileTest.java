package org.conclave.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SrtpProfileTest {

  @Test
  void gcmHasRfc7714LengthsAndDtlsId() {
    // RFC 7714 §14.2: SRTP_AEAD_AES_128_GCM = {0x00, 0x07}, 128-bit key, 96-bit salt, 16-octet tag.
    SrtpProfile gcm = SrtpProfile.AEAD_AES_128_GCM;
    assertThat(gcm.dtlsSrtpId()).isEqualTo(0x0007);
    assertThat(gcm.keyLength()).isEqualTo(16);
    assertThat(gcm.saltLength()).isEqualTo(12);
    assertThat(gcm.keyingMaterialLength()).isEqualTo(56);
    assertThat(gcm.rtpOverhead()).isEqualTo(16);
    assertThat(gcm.rtcpOverhead()).isEqualTo(20);
  }

  @Test
  void aesCmHasRfc5764LengthsAndDtlsId() {
    // RFC 5764 §4.1.2: SRTP_AES128_CM_HMAC_SHA1_80 = {0x00, 0x01}, 128-bit key, 112-bit salt,
    // 80-bit tag.
    SrtpProfile cm = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
    assertThat(cm.dtlsSrtpId()).isEqualTo(0x0001);
    assertThat(cm.keyLength()).isEqualTo(16);
    assertThat(cm.saltLength()).isEqualTo(14);
    assertThat(cm.keyingMaterialLength()).isEqualTo(60);
    assertThat(cm.rtpOverhead()).isEqualTo(10);
    assertThat(cm.rtcpOverhead()).isEqualTo(14);
  }

  @Test
  void profileIsFoundByDtlsIdAndUnknownIdsAreNull() {
    assertThat(SrtpProfile.fromDtlsSrtpId(0x0007)).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
    assertThat(SrtpProfile.fromDtlsSrtpId(0x0001)).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    assertThat(SrtpProfile.fromDtlsSrtpId(0x0002)).isNull(); // SHA1_32: not offered
    assertThat(SrtpProfile.fromDtlsSrtpId(0x0008)).isNull(); // AES_256_GCM: not offered
  }

  @Test
  void gcmIsPreferred() {
    assertThat(SrtpProfile.values()[0]).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
  }
}
