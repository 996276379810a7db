package org.conclave.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.conclave.media.sdp.WebRtcSdp;
import org.conclave.media.srtp.SrtpProfile;
import org.junit.jupiter.api.Test;

class DtlsSettingsTest {

  private static final DtlsCertificate CERT = DtlsPair.SERVER_CERT;

  @Test
  void defaultsPreferGcmAndWaitTenSeconds() {
    DtlsSettings s = DtlsSettings.server(CERT, CERT.fingerprint());

    assertThat(s.role()).isEqualTo(DtlsRole.SERVER);
    assertThat(s.role().sdpSetup()).isEqualTo("passive");
    assertThat(s.srtpProfiles())
        .containsExactly(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    assertThat(s.handshakeTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void weakFingerprintHashIsRefused() {
    WebRtcSdp.Fingerprint sha1 = new WebRtcSdp.Fingerprint("sha-1", new byte[20]);

    assertThatThrownBy(() -> DtlsSettings.client(CERT, sha1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha-1");
  }

  @Test
  void fingerprintOfTheWrongLengthIsRefused() {
    WebRtcSdp.Fingerprint shortOne = new WebRtcSdp.Fingerprint("sha-256", new byte[20]);

    assertThatThrownBy(() -> DtlsSettings.client(CERT, shortOne))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void emptyOrRepeatedProfilesAndNonPositiveTimeoutsAreRefused() {
    DtlsSettings s = DtlsSettings.client(CERT, CERT.fingerprint());

    assertThatThrownBy(() -> s.withSrtpProfiles(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                s.withSrtpProfiles(
                    List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_128_GCM)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.withHandshakeTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
