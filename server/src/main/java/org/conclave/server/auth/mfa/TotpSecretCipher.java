package org.conclave.server.auth.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.conclave.server.common.KeyFiles;
import org.conclave.server.common.Secrets;
import org.springframework.stereotype.Component;

/**
 * Encrypts TOTP secrets for storage in {@code users.totp_secret}: AES-256-GCM from the Java runtime
 * (JCA), a fresh 96-bit nonce per encryption, and the user's id as associated data.
 *
 * <p><b>Why.</b> A TOTP secret is a long-lived credential: whoever holds it can produce every
 * future code. Database copies travel further than the server does — backups, dumps handed to
 * support, replicas, a stolen backup disk ("a stolen database" in the threat model). If the secrets
 * were stored in clear, such a copy plus a password from an old breach (the credential-stuffing
 * lists the advisory warns about) would defeat the second factor of every account. So the key lives
 * in a file in the data directory ({@code keys/totp-secrets.key}, see {@link KeyFiles}), not in the
 * database: the database alone reveals nothing. Binding each ciphertext to its user id stops
 * someone with write access to the database from moving a secret they know onto another account.
 *
 * <p>What this does not stop: an attacker who can read the server's file system (or the running
 * process) has both the key and the database. Operators should keep the keys directory out of
 * database backups and back it up separately.
 *
 * <p>Stored form: {@code v1:} followed by base64 of nonce (12 bytes) then ciphertext and tag.
 */
@Component
class TotpSecretCipher {

  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final KeyFiles keys;
  private volatile SecretKey key;

  TotpSecretCipher(KeyFiles keys) {
    this.keys = keys;
  }

  /** The stored form of a user's TOTP secret (the base32 text the authenticator app knows). */
  String encrypt(long userId, String secret) {
    byte[] nonce = new byte[NONCE_BYTES];
    Secrets.random().nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, userId);
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.US_ASCII));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
    }
  }

  /**
   * The secret from its stored form.
   *
   * @throws IllegalStateException when the stored value was not made with this key for this user
   *     (key file replaced, or the value copied from another account)
   */
  String decrypt(long userId, String stored) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      throw new IllegalStateException("The stored TOTP secret has an unknown format");
    }
    try {
      byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
      if (in.length <= NONCE_BYTES) {
        throw new IllegalStateException("The stored TOTP secret is truncated");
      }
      byte[] nonce = java.util.Arrays.copyOf(in, NONCE_BYTES);
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, nonce, userId);
      byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "The stored TOTP secret cannot be decrypted with keys/totp-secrets.key", e);
    }
  }

  private Cipher cipher(int mode, byte[] nonce, long userId) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key(), new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(("conclave totp secret of user " + userId).getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private SecretKey key() {
    SecretKey k = key;
    if (k == null) {
      k = new SecretKeySpec(keys.key("totp-secrets"), "AES");
      key = k;
    }
    return k;
  }
}
