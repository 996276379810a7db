package org.conclave.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.conclave.media.srtp.SrtpTestPackets.material;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SrtpKeysTest {

  private static final SrtpProfile CM = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
  private static final SrtpProfile GCM = SrtpProfile.AEAD_AES_128_GCM;

  @Test
  void dtlsClientWritesWithClientKeyAndSalt() {
    // RFC 5764 §4.2: client key [0,16) | server key [16,32) | client salt [32,46) | server salt
    byte[] m = material(CM);
    SrtpKeys keys = SrtpKeys.fromDtlsKeyingMaterial(CM, m, true);
    assertThat(keys.localKey()).isEqualTo(Arrays.copyOfRange(m, 0, 16));
    assertThat(keys.remoteKey()).isEqualTo(Arrays.copyOfRange(m, 16, 32));
    assertThat(keys.localSalt()).isEqualTo(Arrays.copyOfRange(m, 32, 46));
    assertThat(keys.remoteSalt()).isEqualTo(Arrays.copyOfRange(m, 46, 60));
  }

  @Test
  void dtlsServerWritesWithServerKeyAndSalt() {
    byte[] m = material(GCM);
    SrtpKeys keys = SrtpKeys.fromDtlsKeyingMaterial(GCM, m, false);
    assertThat(keys.localKey()).isEqualTo(Arrays.copyOfRange(m, 16, 32));
    assertThat(keys.remoteKey()).isEqualTo(Arrays.copyOfRange(m, 0, 16));
    assertThat(keys.localSalt()).isEqualTo(Arrays.copyOfRange(m, 44, 56));
    assertThat(keys.remoteSalt()).isEqualTo(Arrays.copyOfRange(m, 32, 44));
  }

  @Test
  void clientLocalKeysAreServerRemoteKeys() {
    SrtpKeys client = SrtpKeys.fromDtlsKeyingMaterial(CM, material(CM), true);
    SrtpKeys server = SrtpKeys.fromDtlsKeyingMaterial(CM, material(CM), false);
    assertThat(client.localKey()).isEqualTo(server.remoteKey());
    assertThat(client.localSalt()).isEqualTo(server.remoteSalt());
    assertThat(server.localKey()).isEqualTo(client.remoteKey());
    assertThat(server.localSalt()).isEqualTo(client.remoteSalt());
  }

  @Test
  void keyingMaterialOfTheWrongLengthIsRefused() {
    assertThatThrownBy(() -> SrtpKeys.fromDtlsKeyingMaterial(GCM, material(CM), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("56");
  }

  @Test
  void keysOfTheWrongLengthAreRefused() {
    assertThatThrownBy(
            () -> new SrtpKeys(CM, new byte[16], new byte[12], new byte[16], new byte[14]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("localSalt");
  }

  @Test
  void keysAreCopiedInAndOut() {
    byte[] key = new byte[16];
    SrtpKeys keys = new SrtpKeys(CM, key, new byte[14], new byte[16], new byte[14]);
    key[0] = 9;
    keys.localKey()[1] = 9;
    assertThat(keys.localKey()).containsOnly(0);
  }

  @Test
  void toStringShowsNoKeyMaterial() {
    SrtpKeys keys = SrtpKeys.fromDtlsKeyingMaterial(CM, material(CM), true);
    assertThat(keys.toString()).isEqualTo("SrtpKeys[AES_CM_128_HMAC_SHA1_80]");
  }

  @Test
  void equalKeysAreEqual() {
    assertThat(SrtpKeys.fromDtlsKeyingMaterial(CM, material(CM), true))
        .isEqualTo(SrtpKeys.fromDtlsKeyingMaterial(CM, material(CM), true))
        .isNotEqualTo(SrtpKeys.fromDtlsKeyingMaterial(CM, material(CM), false));
  }
}
