package org.conclave.server.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.conclave.server.common.KeyFiles;
import org.conclave.server.config.ConclaveProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TotpSecretCipherTest {

  private static final String SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  @TempDir Path dataDir;

  private KeyFiles keyFiles() {
    return new KeyFiles(
        new ConclaveProperties(
            null, null, dataDir, null, null, null, null, null, null, null, null, null, null));
  }

  @Test
  void aSecretComesBackForItsOwnUser() {
    var cipher = new TotpSecretCipher(keyFiles());

    String stored = cipher.encrypt(7, SECRET);

    assertThat(stored).startsWith("v1:").doesNotContain(SECRET);
    assertThat(cipher.decrypt(7, stored)).isEqualTo(SECRET);
    assertThat(cipher.encrypt(7, SECRET)).isNotEqualTo(stored);
  }

  @Test
  void aSecretMovedToAnotherAccountDoesNotDecrypt() {
    var cipher = new TotpSecretCipher(keyFiles());
    String stored = cipher.encrypt(7, SECRET);

    assertThatThrownBy(() -> cipher.decrypt(8, stored)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aTamperedValueDoesNotDecrypt() {
    var cipher = new TotpSecretCipher(keyFiles());
    String stored = cipher.encrypt(7, SECRET);
    char last = stored.charAt(stored.length() - 3);
    String tampered =
        stored.substring(0, stored.length() - 3)
            + (last == 'A' ? 'B' : 'A')
            + stored.substring(stored.length() - 2);

    assertThatThrownBy(() -> cipher.decrypt(7, tampered)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void withoutTheKeyFileTheDatabaseValueIsUseless() throws Exception {
    String stored = new TotpSecretCipher(keyFiles()).encrypt(7, SECRET);
    Files.delete(keyFiles().path("totp-secrets"));

    assertThatThrownBy(() -> new TotpSecretCipher(keyFiles()).decrypt(7, stored))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theKeyFileIsMadeOnceAndReadableByTheOwnerOnly() throws Exception {
    byte[] first = keyFiles().key("totp-secrets");
    byte[] again = keyFiles().key("totp-secrets");

    assertThat(again).isEqualTo(first).hasSize(32);
    Path file = keyFiles().path("totp-secrets");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    try (var listing = Files.list(file.getParent())) {
      assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("totp-secrets.key");
    }
  }
}
