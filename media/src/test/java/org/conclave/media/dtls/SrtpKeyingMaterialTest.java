package org.conclave.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.conclave.media.srtp.SrtpProfile;
import org.junit.jupiter.api.Test;

class SrtpKeyingMaterialTest {

  @Test
  void exportLengthIsTwiceKeyPlusSalt() {
    // RFC 5764 §4.2; key and salt lengths from RFC 5764 §4.1.2 and RFC 7714 §14.2.
    assertThat(SrtpProfile.AES_CM_128_HMAC_SHA1_80.keyingMaterialLength()).isEqualTo(60);
    assertThat(SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength()).isEqualTo(56);
    assertThat(SrtpProfile.fromDtlsSrtpId(0x0007)).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
    assertThat(SrtpProfile.fromDtlsSrtpId(0x0001)).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
    assertThat(SrtpProfile.fromDtlsSrtpId(0x0002)).isNull();
  }

  @Test
  void splitFollowsRfc5764Layout() {
    byte[] material = new byte[60];
    for (int i = 0; i < material.length; i++) {
      material[i] = (byte) i;
    }

    SrtpKeyingMaterial k =
        SrtpKeyingMaterial.split(SrtpProfile.AES_CM_128_HMAC_SHA1_80, DtlsRole.SERVER, material);

    // client key [0,16), server key [16,32), client salt [32,46), server salt [46,60)
    assertThat(k.clientWriteKey()[0]).isEqualTo((byte) 0);
    assertThat(k.serverWriteKey()[0]).isEqualTo((byte) 16);
    assertThat(k.clientWriteSalt()).hasSize(14).startsWith((byte) 32);
    assertThat(k.serverWriteSalt()).hasSize(14).startsWith((byte) 46).endsWith((byte) 59);
  }

  @Test
  void localAndRemoteFollowTheRole() {
    byte[] material = new byte[56];
    for (int i = 0; i < material.length; i++) {
      material[i] = (byte) i;
    }

    SrtpKeyingMaterial server =
        SrtpKeyingMaterial.split(SrtpProfile.AEAD_AES_128_GCM, DtlsRole.SERVER, material);
    SrtpKeyingMaterial client =
        SrtpKeyingMaterial.split(SrtpProfile.AEAD_AES_128_GCM, DtlsRole.CLIENT, material);

    assertThat(server.localWriteKey()).isEqualTo(server.serverWriteKey());
    assertThat(server.remoteWriteSalt()).isEqualTo(server.clientWriteSalt());
    assertThat(client.localWriteKey()).isEqualTo(server.remoteWriteKey());
    assertThat(client.sameKeysAs(server)).isTrue();
    assertThat(client.toString()).doesNotContain("0, 1, 2");
  }

  @Test
  void wrongLengthIsRefused() {
    assertThatThrownBy(
            () ->
                SrtpKeyingMaterial.split(
                    SrtpProfile.AEAD_AES_128_GCM, DtlsRole.CLIENT, new byte[60]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
