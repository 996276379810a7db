package org.conclave.server.auth.mfa;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * How recovery codes look: ten symbols of Crockford's base32 (digits and lower-case letters without
 * i, l, o and u), shown as {@code xxxx-xxxx-xx}. Each code carries 50 random bits — far beyond
 * online guessing under the second-factor throttle — and reads aloud or types without confusing 0
 * with o or 1 with l. Reading is forgiving: case, spaces and hyphens are ignored, and o, i and l
 * are taken for 0, 1 and 1.
 */
final class RecoveryCodeFormat {

  static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  static final int SYMBOLS = 10;
  static final int BITS = SYMBOLS * 5;

  private RecoveryCodeFormat() {}

  /** A new code in its display form, {@code xxxx-xxxx-xx}. */
  static String generate(SecureRandom random) {
    StringBuilder b = new StringBuilder(SYMBOLS + 2);
    for (int i = 0; i < SYMBOLS; i++) {
      if (i == 4 || i == 8) {
        b.append('-');
      }
      b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /**
   * The canonical form of what a person typed (ten symbols, no hyphens), or null when it cannot be
   * a recovery code.
   */
  static String canonical(String typed) {
    if (typed == null || typed.length() > 64) {
      return null;
    }
    StringBuilder b = new StringBuilder(SYMBOLS);
    for (char c : typed.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c == '-' || c == ' ') {
        continue;
      }
      char mapped =
          switch (c) {
            case 'o' -> '0';
            case 'i', 'l' -> '1';
            default -> c;
          };
      if (ALPHABET.indexOf(mapped) < 0) {
        return null;
      }
      b.append(mapped);
    }
    return b.length() == SYMBOLS ? b.toString() : null;
  }
}
