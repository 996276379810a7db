package org.conclave.server.meeting;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.conclave.server.common.KeyFiles;
import org.conclave.server.common.Secrets;
import org.springframework.stereotype.Component;

/**
 * How meeting secrets are stored so that a copy of the database alone reveals none of them.
 *
 * <ul>
 *   <li>A passcode is short enough to guess offline from a plain hash, so it is checked against an
 *       HMAC-SHA256 under a key kept in {@code data/keys/meeting-macs.key}, outside the database.
 *   <li>Hosts need to see the passcode and links again (to copy the invitation), so each is also
 *       sealed with AES-256-GCM under {@code data/keys/meeting-secrets.key}, bound by associated
 *       data to its meeting code and purpose, so a sealed value cannot be moved to another meeting.
 *   <li>Link secrets (128 bits and more) are found by their SHA-256 ({@link Secrets#sha256Hex}).
 * </ul>
 *
 * Comparisons are constant-time. Thread-safe.
 */
@Component
class MeetingSecrets {

  private static final String PREFIX = "v1:";
  private static final int NONCE_BYTES = 12;

  private final SecretKeySpec sealKey;
  private final SecretKeySpec macKey;

  MeetingSecrets(KeyFiles keys) {
    this.sealKey = new SecretKeySpec(keys.key("meeting-secrets"), "AES");
    this.macKey = new SecretKeySpec(keys.key("meeting-macs"), "HmacSHA256");
  }

  /**
   * The stored form of a meeting's passcode for checking. The meeting code is part of the MAC's
   * input, so two meetings with the same passcode store different values: a copy of the database
   * does not even show which meetings share one.
   */
  String mac(String code, String passcode) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(macKey);
      mac.update(code.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      return HexFormat.of().formatHex(mac.doFinal(passcode.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
    }
  }

  /** Whether {@code passcode} is the meeting's, whose MAC is stored; constant-time. */
  boolean macMatches(String code, String passcode, String storedMac) {
    byte[] computed = mac(code, passcode).getBytes(StandardCharsets.US_ASCII);
    byte[] stored =
        storedMac == null
            ? new byte[computed.length]
            : storedMac.getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(computed, stored) && storedMac != null;
  }

  String seal(String context, String plain) {
    byte[] nonce = new byte[NONCE_BYTES];
    Secrets.random().nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, context);
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
    }
  }

  /**
   * @throws IllegalStateException when the value was not sealed with this key for this context
   */
  String unseal(String context, String stored) {
    if (stored == null || !stored.startsWith(PREFIX)) {
      throw new IllegalStateException("A stored meeting secret has an unknown format");
    }
    try {
      byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
      if (in.length <= NONCE_BYTES) {
        throw new IllegalStateException("A stored meeting secret is truncated");
      }
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(in, NONCE_BYTES), context);
      return new String(
          cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "A stored meeting secret cannot be opened with keys/meeting-secrets.key", e);
    }
  }

  private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, sealKey, new GCMParameterSpec(128, nonce));
    cipher.updateAAD(("conclave meeting secret " + context).getBytes(StandardCharsets.UTF_8));
    return cipher;
  }
}
