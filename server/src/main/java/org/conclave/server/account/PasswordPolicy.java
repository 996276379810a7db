package org.conclave.server.account;

import java.util.ArrayList;
import java.util.List;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Password rules after NIST SP 800-63B §5.1.1.2: a length range, any printable Unicode, no
 * composition rules, and refusal of passwords that attackers try first. A candidate is judged in
 * this order, and the first failing rule gives the stable reason code:
 *
 * <ol>
 *   <li>{@code too-short} / {@code too-long}: counted in Unicode code points after NFKC
 *       normalisation (the form that is hashed, see {@link PasswordHasher}).
 *   <li>{@code control-characters}: tabs, line breaks, other C0/C1 controls, line and paragraph
 *       separators, and broken UTF-16 (unpaired surrogates). Everything else printable is allowed,
 *       including spaces, emoji and every script.
 *   <li>{@code too-common}: the password or a predictable variation of it is on the list of 100,000
 *       breached passwords, dictionary words and Vietnamese favourites ({@link CommonPasswords}).
 *   <li>{@code contains-personal-info}: it contains the user's names, e-mail words, "conclave" or
 *       the organisation's name, and what is left without them (and without the predictable digits
 *       and symbols around them) is below the minimum score ({@link ContextWords}). The score
 *       reported is then that of what is left: it is what an attacker who knows the names faces.
 *   <li>{@code too-weak}: the strength estimate ({@link StrengthEstimator}) is below {@code
 *       conclave.passwords.min-score}; the message carries nbvcxz's explanation.
 * </ol>
 *
 * <p>({@code reused}, the sixth reason, needs the user's password history and is judged by {@link
 * AccountService}.) Everything heavy is built once at start-up; a check takes milliseconds, so the
 * live strength meter may call it as the user types. Thread-safe.
 */
@Component
public class PasswordPolicy {

  private final ConclaveProperties.Passwords rules;
  private final List<String> organisationWords;
  private final CommonPasswords common;
  private final StrengthEstimator estimator;

  @Autowired
  PasswordPolicy(ConclaveProperties properties) {
    this(properties.passwords(), properties.organisationName());
  }

  /** For tests: the rules and the organisation's name without the rest of the configuration. */
  PasswordPolicy(ConclaveProperties.Passwords rules, String organisationName) {
    this.rules = rules;
    this.organisationWords =
        ContextWords.of(
            organisationName == null ? List.of("conclave") : List.of("conclave", organisationName));
    this.common = CommonPasswords.load();
    List<String> vietnamese =
        CommonPasswords.vietnamese().stream().map(PasswordText::fold).toList();
    this.estimator = new StrengthEstimator(organisationWords, vietnamese);
  }

  /**
   * Judges a candidate password.
   *
   * @param contextWords the user's user name, display name and e-mail address (any may be null);
   *     "conclave" and the organisation's name are always added
   */
  public PasswordVerdict check(String candidate, List<String> contextWords) {
    if (candidate == null) {
      return tooShort();
    }
    String password = PasswordText.nfkc(candidate);
    int length = password.codePointCount(0, password.length());
    if (length < rules.minLength()) {
      return tooShort();
    }
    if (length > rules.maxLength()) {
      return PasswordVerdict.refused(
          0, "too-long", "Use at most " + rules.maxLength() + " characters.");
    }
    if (hasControlCharacters(candidate)) {
      return PasswordVerdict.refused(
          0,
          "control-characters",
          "Passwords cannot contain tabs, line breaks or other control characters. Letters of any"
              + " language, digits, spaces, punctuation and emoji are all fine.");
    }
    if (common.isCommon(password)) {
      return PasswordVerdict.refused(
          0,
          "too-common",
          "This password, or a simple variation of it, is on the list of passwords that attackers"
              + " try first. Choose something less common: a few unrelated words work well.");
    }
    List<String> words = new ArrayList<>(organisationWords);
    if (contextWords != null) {
      words.addAll(ContextWords.of(contextWords));
    }
    String remainder = ContextWords.remainder(password, words);
    if (remainder != null) {
      StrengthEstimator.Estimate rest = estimator.estimate(remainder.strip());
      if (rest.score() < rules.minScore()) {
        return PasswordVerdict.refused(
            rest.score(),
            "contains-personal-info",
            "This password is built from your name, user name or e-mail address, or from the"
                + " organisation's name, and what is left without them is easy to guess. Add"
                + " words that have nothing to do with you or your work.");
      }
      return PasswordVerdict.ok(rest.score());
    }
    StrengthEstimator.Estimate estimate = estimator.estimate(PasswordText.stripMarks(password));
    if (estimate.score() < rules.minScore()) {
      return PasswordVerdict.refused(estimate.score(), "too-weak", weakMessage(estimate));
    }
    return PasswordVerdict.ok(estimate.score());
  }

  /** Shortest host-chosen meeting passcode. */
  public static final int PASSCODE_MIN_LENGTH = 8;

  /** Longest meeting passcode. */
  public static final int PASSCODE_MAX_LENGTH = 64;

  /**
   * Judges a meeting passcode a host chose. A passcode is guessed online only, through the entry
   * throttle, so the bar is lower than for account passwords: at least {@value
   * #PASSCODE_MIN_LENGTH} characters, not a common password, not built from the meeting's title or
   * the organisation's name, and a strength score of at least 2 (over a million guesses).
   *
   * @param contextWords words about the meeting (its title)
   */
  public PasswordVerdict checkPasscode(String candidate, List<String> contextWords) {
    String passcode = candidate == null ? "" : PasswordText.nfkc(candidate);
    int length = passcode.codePointCount(0, passcode.length());
    if (length < PASSCODE_MIN_LENGTH) {
      return PasswordVerdict.refused(
          0, "too-short", "Use at least " + PASSCODE_MIN_LENGTH + " characters.");
    }
    if (length > PASSCODE_MAX_LENGTH || hasControlCharacters(candidate)) {
      return PasswordVerdict.refused(
          0,
          "too-long",
          "Use at most " + PASSCODE_MAX_LENGTH + " letters, digits, spaces or punctuation.");
    }
    if (common.isCommon(passcode)) {
      return PasswordVerdict.refused(
          0, "too-common", "This passcode is on the list of passwords that attackers try first.");
    }
    List<String> words = new ArrayList<>(organisationWords);
    if (contextWords != null) {
      words.addAll(ContextWords.of(contextWords));
    }
    String remainder = ContextWords.remainder(passcode, words);
    String judged = remainder != null ? remainder.strip() : PasswordText.stripMarks(passcode);
    StrengthEstimator.Estimate estimate = estimator.estimate(judged);
    if (estimate.score() < 2) {
      return PasswordVerdict.refused(
          estimate.score(),
          remainder != null ? "contains-personal-info" : "too-weak",
          "This passcode would be guessed too quickly. Use the generated one, or a longer mix.");
    }
    return PasswordVerdict.ok(estimate.score());
  }

  int minLength() {
    return rules.minLength();
  }

  int maxLength() {
    return rules.maxLength();
  }

  /** How many passwords the common-password list holds (for tests and the start-up log). */
  int commonPasswordCount() {
    return common.size();
  }

  private PasswordVerdict tooShort() {
    return PasswordVerdict.refused(
        0,
        "too-short",
        "Use at least " + rules.minLength() + " characters; a few unrelated words work well.");
  }

  private static String weakMessage(StrengthEstimator.Estimate estimate) {
    StringBuilder b = new StringBuilder("This password would be guessed too quickly.");
    if (estimate.warning() != null && !estimate.warning().isBlank()) {
      b.append(' ').append(estimate.warning().strip());
    }
    for (String suggestion : estimate.suggestions()) {
      b.append(' ').append(suggestion.strip());
    }
    return b.toString();
  }

  /**
   * True for C0/C1 controls (tab, newline, DEL, ...), line and paragraph separators, and unpaired
   * surrogates (text that is not valid Unicode). Format characters such as the zero-width joiner
   * stay allowed: emoji sequences need them.
   */
  static boolean hasControlCharacters(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        return true;
      }
      int type = Character.getType(c);
      if (type == Character.CONTROL
          || type == Character.SURROGATE
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        return true;
      }
    }
    return false;
  }
}
