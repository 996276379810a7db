package org.conclave.server.account;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The words an attacker who targets one person tries first: their user name, display name, the
 * local part and the domain words of their e-mail address, "conclave" and the organisation's name.
 * {@link #remainder} takes them out of a password so that what is left can be judged on its own.
 * Pure functions; safe from any thread.
 */
final class ContextWords {

  /** Shorter words would be found inside too many unrelated words to mean anything. */
  static final int MIN_WORD_LENGTH = 3;

  /** Domain labels that say nothing about the person or organisation. */
  private static final Set<String> GENERIC_LABELS =
      Set.of(
          "com",
          "net",
          "org",
          "edu",
          "gov",
          "mil",
          "int",
          "info",
          "biz",
          "name",
          "pro",
          "mail",
          "www",
          "local",
          "localhost",
          "invalid",
          "onmicrosoft",
          "gmail",
          "googlemail",
          "yahoo",
          "hotmail",
          "outlook",
          "live",
          "icloud",
          "proton",
          "protonmail");

  private ContextWords() {}

  /**
   * The folded words (see {@link PasswordText#fold}) to look for, longest first: each input whole
   * (spaces and separators left out) and each of its parts of at least {@value #MIN_WORD_LENGTH}
   * characters. E-mail addresses give their local part and their domain labels.
   */
  static List<String> of(Collection<String> inputs) {
    Set<String> words = new LinkedHashSet<>();
    for (String input : inputs) {
      if (input == null || input.isBlank()) {
        continue;
      }
      String folded = PasswordText.fold(input).strip();
      int at = folded.lastIndexOf('@');
      if (at > 0) {
        addWithParts(folded.substring(0, at), words);
        for (String label : folded.substring(at + 1).split("\\.")) {
          if (!GENERIC_LABELS.contains(label)) {
            addWithParts(label, words);
          }
        }
      } else {
        addWithParts(folded, words);
      }
    }
    List<String> sorted = new ArrayList<>(words);
    sorted.removeIf(w -> w.codePointCount(0, w.length()) < MIN_WORD_LENGTH);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    return sorted;
  }

  private static void addWithParts(String text, Set<String> into) {
    String[] parts = text.split("[^\\p{L}\\p{N}]+");
    into.add(String.join("", parts));
    for (String part : parts) {
      into.add(part);
    }
  }

  /**
   * What is left of the password once every occurrence of every word is taken out, or null when
   * none occurs. Predictable digits and symbols next to a word or at either end go with it ({@link
   * PasswordText#core}): in "khoa.vm@2024!" nothing is left, while "khoa violet harbour" leaves
   * "violet harbour". Words are also found behind symbol-for-letter substitutions ("@lice" holds
   * "alice"); those map one character to one, so the same positions are cut from the folded
   * password.
   */
  static String remainder(String password, List<String> words) {
    String folded = PasswordText.fold(password);
    boolean[] cut = new boolean[folded.length()];
    boolean found = false;
    for (String variant :
        List.of(folded, PasswordText.deleet(folded, 'i'), PasswordText.deleet(folded, 'l'))) {
      for (String word : words) {
        for (int i = variant.indexOf(word); i >= 0; i = variant.indexOf(word, i + 1)) {
          for (int j = i; j < i + word.length(); j++) {
            cut[j] = true;
          }
          found = true;
        }
      }
    }
    if (!found) {
      return null;
    }
    StringBuilder left = new StringBuilder(folded.length());
    StringBuilder segment = new StringBuilder();
    for (int i = 0; i <= folded.length(); i++) {
      if (i == folded.length() || cut[i]) {
        left.append(PasswordText.core(segment.toString()));
        segment.setLength(0);
      } else {
        segment.append(folded.charAt(i));
      }
    }
    return left.toString();
  }
}
