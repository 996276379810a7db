package org.conclave.server.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The list of refused passwords: the 100,000 most common passwords from breaches (the ranked list
 * that ships inside the nbvcxz jar, {@value #BREACHED}), the dictionary words and names of the same
 * jar ({@link #WORDS}), and Vietnamese favourites ({@value #VIETNAMESE}): about 160,000 distinct
 * entries once case and diacritics are folded.
 *
 * <p><b>Stored compactly.</b> Each entry is kept only as the first 64 bits of the SHA-256 of its
 * folded form (see {@link PasswordText#fold}), in one sorted {@code long[]}: 8 bytes an entry
 * (about 1.3 MB for the whole list, against well over 10 MB for a {@code HashSet<String>}), one
 * binary search a lookup, no per-entry objects for the garbage collector. The array is built once
 * at start-up from the text already on the class path (about a tenth of a second), so no second
 * copy of the list is shipped and no build step has to generate one; a larger breach list could be
 * added the same way at 8 bytes an entry. With under 2 × 10^5 entries a false match needs a 64-bit
 * collision (odds around 10^-14 a lookup), and a false match only ever refuses a password, never
 * accepts one.
 *
 * <p>Immutable after construction; safe to share between threads.
 */
final class CommonPasswords {

  static final String BREACHED = "/dictionaries/passwords.txt";

  /**
   * Dictionary words and names from the same jar (English words, first names, surnames): NIST SP
   * 800-63B lists dictionary words among what to refuse, and one word with a year is what attackers
   * try right after the breach lists.
   */
  static final List<String> WORDS =
      List.of(
          "/dictionaries/english.txt",
          "/dictionaries/female-names.txt",
          "/dictionaries/male-names.txt",
          "/dictionaries/surnames.txt");

  static final String VIETNAMESE = "/org/conclave/server/account/common-passwords-vi.txt";

  /** Forms shorter than this are not looked up: the list has no meaningful entries that short. */
  private static final int MIN_LOOKUP_LENGTH = 3;

  private final long[] hashes;

  private CommonPasswords(long[] hashes) {
    this.hashes = hashes;
  }

  /** Reads both lists from the class path. Fails start-up if either is missing. */
  static CommonPasswords load() {
    List<String> entries = new ArrayList<>(170_000);
    read(BREACHED, false, entries);
    for (String words : WORDS) {
      read(words, false, entries);
    }
    read(VIETNAMESE, true, entries);
    return of(entries);
  }

  /** Words of the Vietnamese list, most common first, for the strength estimator's dictionary. */
  static List<String> vietnamese() {
    List<String> entries = new ArrayList<>();
    read(VIETNAMESE, true, entries);
    return entries;
  }

  static CommonPasswords of(List<String> entries) {
    long[] h = new long[entries.size() * 2];
    int n = 0;
    for (String entry : entries) {
      String folded = PasswordText.fold(entry).strip();
      if (folded.isEmpty()) {
        continue;
      }
      h[n++] = hash(folded);
      String joined = PasswordText.withoutWhitespace(folded);
      if (!joined.equals(folded)) {
        h[n++] = hash(joined);
      }
    }
    long[] sorted = Arrays.copyOf(h, n);
    Arrays.sort(sorted);
    return new CommonPasswords(Arrays.stream(sorted).distinct().toArray());
  }

  /** How many distinct entries the list holds. */
  int size() {
    return hashes.length;
  }

  /** True when this exact folded text is on the list. */
  boolean contains(String folded) {
    return Arrays.binarySearch(hashes, hash(folded)) >= 0;
  }

  /**
   * True when the password, or a predictable variation of it, is on the list: any case or
   * diacritics, spaces left out, symbols for letters ("p@ssw0rd"), reversed, repeated
   * ("passwordpassword"), or with predictable digits and symbols around it ("matkhau123456",
   * "Password2024!"). About twenty lookups; microseconds.
   */
  boolean isCommon(String password) {
    for (String form : forms(password)) {
      if (form.codePointCount(0, form.length()) >= MIN_LOOKUP_LENGTH && contains(form)) {
        return true;
      }
    }
    return false;
  }

  /** The variations of a password that are looked up in the list. */
  static Set<String> forms(String password) {
    String folded = PasswordText.fold(password).strip();
    Set<String> forms = new LinkedHashSet<>();
    for (String base :
        List.of(
            folded,
            PasswordText.withoutWhitespace(folded),
            PasswordText.deleetSymbols(folded),
            PasswordText.deleetSymbols(PasswordText.withoutWhitespace(folded)))) {
      for (String whole : List.of(base, PasswordText.repeatedUnitOrSelf(base))) {
        forms.add(whole);
        String core = PasswordText.core(whole);
        for (String c : List.of(core, PasswordText.repeatedUnitOrSelf(core))) {
          forms.add(c);
          forms.add(PasswordText.core(c));
          forms.add(PasswordText.deleet(c, 'i'));
          forms.add(PasswordText.deleet(c, 'l'));
          forms.add(PasswordText.reverse(c));
        }
      }
    }
    return forms;
  }

  /** Reads one entry a line; {@code comments}: lines starting with '#' are skipped. */
  private static void read(String resource, boolean comments, List<String> into) {
    try (InputStream in = CommonPasswords.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "The password list " + resource + " is missing from the class path.");
      }
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
      String line;
      while ((line = reader.readLine()) != null) {
        String entry = line.strip();
        if (!entry.isEmpty() && !(comments && entry.startsWith("#"))) {
          into.add(entry);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the password list " + resource, e);
    }
  }

  private static long hash(String folded) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(folded.getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(digest).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
