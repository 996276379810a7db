package org.conclave.server.meeting;

import java.text.Normalizer;
import org.conclave.server.common.Secrets;

/**
 * Generated meeting passcodes: 10 characters from digits and lowercase letters without the easily
 * confused 0, 1, i, l and o (31 symbols, about 49 bits) — strong against online guessing through
 * the entry throttle, and easy to read out over the phone.
 */
final class Passcodes {

  static final String ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
  static final int LENGTH = 10;

  private Passcodes() {}

  static String generate() {
    StringBuilder b = new StringBuilder(LENGTH);
    for (int i = 0; i < LENGTH; i++) {
      b.append(ALPHABET.charAt(Secrets.random().nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** What is compared: NFKC-normalised, without surrounding spaces. */
  static String canonical(String passcode) {
    return Normalizer.normalize(passcode.strip(), Normalizer.Form.NFKC);
  }
}
