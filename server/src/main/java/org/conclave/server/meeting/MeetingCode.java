package org.conclave.server.meeting;

import java.util.Optional;
import org.conclave.server.common.Secrets;

/**
 * Meeting codes: 12 characters of Crockford's base32 (digits and lowercase letters without i, l, o
 * and u), 60 random bits, shown as {@code xxxx-xxxx-xxxx}. War-dialing tools found about 100 open
 * meetings an hour against 9–11-digit numeric IDs; at 2<sup>60</sup> codes, a million guesses a
 * second would need over ten thousand years to find one of a thousand live meetings, and the entry
 * throttle allows far fewer. Reading is forgiving the way Crockford's alphabet intends: case,
 * dashes and spaces are ignored, and {@code o}, {@code i}, {@code l} read as {@code 0}, {@code 1},
 * {@code 1}.
 */
public final class MeetingCode {

  static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  public static final int LENGTH = 12;

  private MeetingCode() {}

  /** A new random code, in its stored (undashed) form. */
  static String generate() {
    StringBuilder b = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      b.append(ALPHABET.charAt(Secrets.random().nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** The stored form of what someone typed or followed, or empty when it cannot be a code. */
  public static Optional<String> normalize(String input) {
    if (input == null || input.length() > 40) {
      return Optional.empty();
    }
    StringBuilder b = new StringBuilder(LENGTH);
    for (int i = 0; i < input.length(); i++) {
      char c = Character.toLowerCase(input.charAt(i));
      if (c == '-' || c == ' ') {
        continue;
      }
      if (c == 'o') {
        c = '0';
      } else if (c == 'i' || c == 'l') {
        c = '1';
      }
      if (ALPHABET.indexOf(c) < 0) {
        return Optional.empty();
      }
      b.append(c);
    }
    return b.length() == LENGTH ? Optional.of(b.toString()) : Optional.empty();
  }

  /** {@code xxxx-xxxx-xxxx}. */
  public static String format(String code) {
    return code.substring(0, 4) + "-" + code.substring(4, 8) + "-" + code.substring(8);
  }
}
