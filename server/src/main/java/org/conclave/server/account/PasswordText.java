package org.conclave.server.account;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text transforms behind the password checks: the forms in which attackers' lists and guessing
 * tools see a password. Pure functions on strings; no state, no I/O; safe from any thread.
 */
final class PasswordText {

  /** Three or more back-to-back copies of a short unit ("abcabcabc", "!!!!", "1990 1990 1990"). */
  private static final Pattern REPEATS = Pattern.compile("(.{1,16}?)\\1{2,}", Pattern.DOTALL);

  private PasswordText() {}

  /** Unicode compatibility normalisation (NFKC), as NIST SP 800-63B asks before hashing. */
  static String nfkc(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKC);
  }

  /**
   * The form attackers' lists use: NFKC, lower case, diacritics removed ("Mật Khẩu" → "mat khau",
   * "đ" → "d"). Vietnamese users often type passwords without diacritics, and a word with them is
   * guessed right after the word without.
   */
  static String fold(String s) {
    return stripMarks(nfkc(s).toLowerCase(Locale.ROOT));
  }

  /** Removes combining marks (accents, Vietnamese tone marks) and turns đ/Đ into d/D. */
  static String stripMarks(String s) {
    String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
    StringBuilder b = new StringBuilder(decomposed.length());
    decomposed
        .codePoints()
        .forEach(
            cp -> {
              if (Character.getType(cp) == Character.NON_SPACING_MARK) {
                return;
              }
              if (cp == 'đ') {
                b.append('d');
              } else if (cp == 'Đ') {
                b.append('D');
              } else {
                b.appendCodePoint(cp);
              }
            });
    return Normalizer.normalize(b, Normalizer.Form.NFC);
  }

  /**
   * Undoes the usual letter-for-symbol substitutions ("p@ssw0rd" → "password"). Each character maps
   * to exactly one character, so positions in the result match positions in the input. {@code one}
   * is the letter '1' stands for ('i' or 'l'); callers try both.
   */
  static String deleet(String s, char one) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      c[i] =
          switch (c[i]) {
            case '0' -> 'o';
            case '1' -> one;
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7', '+' -> 't';
            case '8' -> 'b';
            case '9' -> 'g';
            case '!' -> 'i';
            case '|' -> 'l';
            default -> c[i];
          };
    }
    return new String(c);
  }

  /**
   * Like {@link #deleet} but only for symbols, leaving digits alone ("@dmin2024" → "admin2024").
   */
  static String deleetSymbols(String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < c.length; i++) {
      c[i] =
          switch (c[i]) {
            case '@' -> 'a';
            case '$' -> 's';
            case '!' -> 'i';
            case '|' -> 'l';
            case '+' -> 't';
            default -> c[i];
          };
    }
    return new String(c);
  }

  static String withoutWhitespace(String s) {
    return s.codePoints()
        .filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  static String reverse(String s) {
    return new StringBuilder(s).reverse().toString();
  }

  /**
   * Three or more back-to-back copies of a unit shrunk to two ("abab" stays, "ababab" → "abab").
   * Repeating costs an attacker almost nothing, so this never makes a password look stronger; it
   * keeps the strength estimator from spending long on deliberately repetitive input.
   */
  static String collapseRepeats(String s) {
    return REPEATS.matcher(s).replaceAll("$1$1");
  }

  /** The shortest unit that the whole string repeats at least twice ("abcabc" → "abc"), or null. */
  static String repeatedUnit(String s) {
    int n = s.length();
    for (int unit = 1; unit <= n / 2; unit++) {
      if (n % unit != 0) {
        continue;
      }
      boolean repeats = true;
      for (int i = unit; i < n && repeats; i++) {
        repeats = s.charAt(i) == s.charAt(i - unit);
      }
      if (repeats) {
        return s.substring(0, unit);
      }
    }
    return null;
  }

  /** {@link #repeatedUnit}, or the string itself when it is not a repetition. */
  static String repeatedUnitOrSelf(String s) {
    String unit = repeatedUnit(s);
    return unit == null ? s : unit;
  }

  /**
   * The password with predictable digits and symbols peeled off both ends, repeatedly:
   * "matkhau123456" → "matkhau", "!!Password2024!" → "password" (after {@link #fold}). A run of
   * digits is predictable when it has at most four digits or is a sequence, a repetition or a date;
   * a run of symbols (spaces included) when it has at most three, or at most two different ones
   * ("!!!!!!", "-!!!!"). What is left is what an attacker's list must contain.
   */
  static String core(String s) {
    String t = s.strip();
    boolean changed = true;
    while (changed && !t.isEmpty()) {
      changed = false;
      int end = runStart(t);
      if (end < t.length() && predictable(t.substring(end))) {
        t = t.substring(0, end).strip();
        changed = true;
      }
      int start = runEnd(t);
      if (start > 0 && predictable(t.substring(0, start))) {
        t = t.substring(start).strip();
        changed = true;
      }
    }
    return t;
  }

  /** The index where the trailing run of digits, or of symbols, begins. */
  private static int runStart(String t) {
    if (t.isEmpty()) {
      return 0;
    }
    int kind = kind(t.charAt(t.length() - 1));
    if (kind == LETTER) {
      return t.length();
    }
    int i = t.length();
    while (i > 0 && kind(t.charAt(i - 1)) == kind) {
      i--;
    }
    return i;
  }

  /** The index where the leading run of digits, or of symbols, ends. */
  private static int runEnd(String t) {
    if (t.isEmpty()) {
      return 0;
    }
    int kind = kind(t.charAt(0));
    if (kind == LETTER) {
      return 0;
    }
    int i = 0;
    while (i < t.length() && kind(t.charAt(i)) == kind) {
      i++;
    }
    return i;
  }

  private static final int LETTER = 0;
  private static final int DIGIT = 1;
  private static final int SYMBOL = 2;

  /**
   * Letters (any script, and surrogate halves of non-BMP letters) versus ASCII digits and others.
   */
  private static int kind(char c) {
    if (c >= '0' && c <= '9') {
      return DIGIT;
    }
    if (Character.isLetter(c) || Character.isSurrogate(c)) {
      return LETTER;
    }
    return SYMBOL;
  }

  private static boolean predictable(String run) {
    if (kind(run.charAt(0)) == SYMBOL) {
      return run.length() <= 3 || run.chars().distinct().count() <= 2;
    }
    return predictableDigits(run);
  }

  /** Few digits, a sequence (123456, 987654, 7890), a repetition (121212, 20242024) or a date. */
  static boolean predictableDigits(String d) {
    if (d.length() <= 4) {
      return true;
    }
    String unit = repeatedUnit(d);
    if (unit != null && unit.length() <= 4) {
      return true;
    }
    return sequence(d, 1) || sequence(d, -1) || date(d);
  }

  private static boolean sequence(String d, int step) {
    for (int i = 1; i < d.length(); i++) {
      if ((d.charAt(i - 1) - '0' + step + 10) % 10 != d.charAt(i) - '0') {
        return false;
      }
    }
    return true;
  }

  /** ddmmyy, yymmdd, mmddyy, ddmmyyyy, yyyymmdd or mmddyyyy with a plausible day and month. */
  private static boolean date(String d) {
    if (d.length() == 6) {
      return dayMonth(d, 0, 2) || dayMonth(d, 4, 2) || dayMonth(d, 2, 0);
    }
    if (d.length() == 8) {
      return (dayMonth(d, 0, 2) && year(d, 4))
          || (year(d, 0) && dayMonth(d, 6, 4))
          || (dayMonth(d, 2, 0) && year(d, 4));
    }
    return false;
  }

  private static boolean dayMonth(String d, int dayAt, int monthAt) {
    int day = Integer.parseInt(d.substring(dayAt, dayAt + 2));
    int month = Integer.parseInt(d.substring(monthAt, monthAt + 2));
    return day >= 1 && day <= 31 && month >= 1 && month <= 12;
  }

  private static boolean year(String d, int at) {
    int year = Integer.parseInt(d.substring(at, at + 4));
    return year >= 1900 && year <= 2099;
  }
}
