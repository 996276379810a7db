package org.conclave.server.auth.mfa;

import com.bastiaanjansen.otp.SecretGenerator;
import com.bastiaanjansen.otp.TOTPGenerator;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * TOTP (RFC 6238) as every authenticator app does it by default: HMAC-SHA1, six digits, 30-second
 * steps, through otp-java. Secrets are 160 random bits (RFC 4226 section 4 recommends at least
 * that), handled in their base32 text form, which is also what the person types in by hand.
 */
final class TotpCodes {

  static final Duration STEP = Duration.ofSeconds(30);

  /** Steps of clock drift tolerated either way (RFC 6238 section 6 suggests at most one). */
  static final int DRIFT = 1;

  private TotpCodes() {}

  /** A new 160-bit secret, base32. */
  static String newSecret() {
    return new String(SecretGenerator.generate(160), StandardCharsets.US_ASCII);
  }

  /** The time step that an instant falls in. */
  static long stepAt(long epochMillis) {
    return Math.floorDiv(epochMillis, STEP.toMillis());
  }

  /**
   * The time step, within {@link #DRIFT} of {@code nowMillis}, whose code is {@code code}; empty
   * when none is. Every candidate is computed and compared in constant time.
   */
  static OptionalLong matchingStep(String secret, String code, long nowMillis) {
    String typed = code == null ? "" : code.replace(" ", "");
    if (!typed.matches("[0-9]{6}")) {
      return OptionalLong.empty();
    }
    TOTPGenerator totp = generator(secret);
    long now = stepAt(nowMillis);
    long found = -1;
    for (long step = Math.max(1, now - DRIFT); step <= now + DRIFT; step++) {
      String expected = totp.at(Instant.ofEpochMilli(step * STEP.toMillis()));
      if (MessageDigest.isEqual(
          expected.getBytes(StandardCharsets.US_ASCII),
          typed.getBytes(StandardCharsets.US_ASCII))) {
        found = step;
      }
    }
    return found < 0 ? OptionalLong.empty() : OptionalLong.of(found);
  }

  /**
   * The otpauth:// URI that authenticator apps read from the QR code. otp-java form-encodes spaces
   * as '+', which some apps show literally; since a real '+' is encoded as %2B, every '+' left is a
   * space and becomes %20, as the Key URI Format asks.
   */
  static URI uri(String secret, String issuer, String account) {
    try {
      return URI.create(generator(secret).getURI(issuer, account).toString().replace("+", "%20"));
    } catch (URISyntaxException e) {
      throw new IllegalStateException("The otpauth URI could not be built", e);
    }
  }

  /** The secret as people type it: groups of four, e.g. {@code ABCD EFGH ...}. */
  static String grouped(String secret) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < secret.length(); i++) {
      if (i > 0 && i % 4 == 0) {
        b.append(' ');
      }
      b.append(secret.charAt(i));
    }
    return b.toString();
  }

  private static TOTPGenerator generator(String secret) {
    return new TOTPGenerator.Builder(secret.getBytes(StandardCharsets.US_ASCII))
        .withPeriod(STEP)
        .build();
  }
}
