package org.conclave.server.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets and their stored form. A secret handed to a person or a browser is 256 random
 * bits; only its SHA-256 is stored, and comparisons go through {@link MessageDigest#isEqual}. (A
 * fast hash is right here: unlike passwords, these secrets are too long to guess.)
 */
public final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A new URL-safe random token carrying {@code bytes * 8} bits. */
  public static String token(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** A new 256-bit token. */
  public static String token() {
    return token(32);
  }

  public static SecureRandom random() {
    return RANDOM;
  }

  /** The stored form of a token: SHA-256, hex. */
  public static String sha256Hex(String secret) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Constant-time comparison of two strings. */
  public static boolean equal(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
