package org.conclave.media.transport;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * Our side's ICE username fragment and password for one peer transport (RFC 8445 §5.3): random,
 * from the ice-char alphabet, the ufrag 8 characters (48 bits; it names the transport in STUN
 * USERNAME and must be unique on the node) and the password 32 (192 bits; RFC 8445 asks for at
 * least 128).
 */
public record IceCredentials(String ufrag, String password) {

  private static final String ICE_CHARS =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  private static final SecureRandom RANDOM = new SecureRandom();

  public static IceCredentials random() {
    return new IceCredentials(randomChars(8), randomChars(32));
  }

  /** The short-term credential key for MESSAGE-INTEGRITY (RFC 8489 §9.1.1): the password bytes. */
  public byte[] key() {
    return password.getBytes(StandardCharsets.UTF_8);
  }

  private static String randomChars(int n) {
    char[] out = new char[n];
    for (int i = 0; i < n; i++) {
      out[i] = ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length()));
    }
    return new String(out);
  }

  @Override
  public String toString() {
    return "IceCredentials[ufrag=" + ufrag + ", password=<hidden>]";
  }
}
