package org.conclave.server.account;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import me.gosimple.nbvcxz.Nbvcxz;
import me.gosimple.nbvcxz.resources.ConfigurationBuilder;
import me.gosimple.nbvcxz.resources.Dictionary;
import me.gosimple.nbvcxz.resources.DictionaryBuilder;
import me.gosimple.nbvcxz.resources.Feedback;
import me.gosimple.nbvcxz.scoring.Result;

/**
 * How many guesses a password would take, as a score from 0 (under a thousand) to 4 (over ten
 * billion), by nbvcxz: its dictionaries (common passwords, English words, names), our Vietnamese
 * favourites, keyboard patterns, sequences, repeats, dates and symbol-for-letter substitutions.
 *
 * <p>The estimator and its dictionaries (a few MB, about two seconds to load) are built once and
 * shared: {@link Nbvcxz#estimate} keeps no state between calls. Words about one particular user are
 * not added as a dictionary per call; {@link PasswordPolicy} takes them out of the password first
 * and estimates what is left (see {@link ContextWords}). Words that concern every user ("conclave",
 * the organisation's name) are in an exclusion dictionary here as well, so they count for nothing
 * wherever they appear.
 *
 * <p>Cost: typical passwords take a few milliseconds; nbvcxz's search grows quickly with length and
 * repetition, so runs of a repeated unit are shrunk first ({@link PasswordText#collapseRepeats}),
 * only the first {@value #MAX_ESTIMATED_LENGTH} characters are estimated, nbvcxz's near-miss (edit
 * distance) matching is off, and at most {@value #MAX_CONCURRENT} estimates run at once. Without
 * these limits a deliberately repetitive 128-character input took seconds. Thread-safe.
 */
final class StrengthEstimator {

  /** Characters beyond this are not looked at; a strong start is required of longer passwords. */
  static final int MAX_ESTIMATED_LENGTH = 64;

  static final int MAX_CONCURRENT = 2;

  /** nbvcxz's limit on its search for the cheapest combination of matches, in milliseconds. */
  private static final long COMBINATION_TIMEOUT_MS = 100;

  /** The outcome: a score and nbvcxz's English feedback (warning may be null). */
  record Estimate(int score, String warning, List<String> suggestions) {}

  private final Nbvcxz nbvcxz;
  private final Semaphore permits = new Semaphore(MAX_CONCURRENT, true);

  /**
   * @param excludedWords folded words that count for nothing ("conclave", the organisation's name)
   * @param extraWords folded words to add as a ranked dictionary, most common first
   */
  StrengthEstimator(List<String> excludedWords, List<String> extraWords) {
    List<Dictionary> dictionaries = new ArrayList<>(ConfigurationBuilder.getDefaultDictionaries());
    DictionaryBuilder vietnamese = new DictionaryBuilder().setDictionaryName("vietnamese");
    int rank = 1;
    for (String word : extraWords) {
      vietnamese.addWord(word, rank++);
    }
    dictionaries.add(vietnamese.createDictionary());
    if (!excludedWords.isEmpty()) {
      DictionaryBuilder excluded =
          new DictionaryBuilder().setDictionaryName("organisation").setExclusion(true);
      excludedWords.forEach(w -> excluded.addWord(w, 0));
      dictionaries.add(excluded.createDictionary());
    }
    this.nbvcxz =
        new Nbvcxz(
            new ConfigurationBuilder()
                .setDictionaries(dictionaries)
                // The base bundle, English: the client shows its own words for each reason code.
                .setLocale(Locale.ROOT)
                .setMaxLength(MAX_ESTIMATED_LENGTH)
                .setCombinationAlgorithmTimeout(COMBINATION_TIMEOUT_MS)
                .setDistanceCalc(false)
                .createConfiguration());
  }

  Estimate estimate(String text) {
    if (text.isEmpty()) {
      return new Estimate(0, null, List.of());
    }
    // Bound the work of shrinking repeats too: nothing past a few times the estimated length
    // counts.
    String bounded =
        text.codePointCount(0, text.length()) > 4 * MAX_ESTIMATED_LENGTH
            ? text.substring(0, text.offsetByCodePoints(0, 4 * MAX_ESTIMATED_LENGTH))
            : text;
    String input = PasswordText.collapseRepeats(bounded);
    permits.acquireUninterruptibly();
    try {
      Result result = nbvcxz.estimate(input);
      Feedback feedback = result.getFeedback();
      return new Estimate(
          result.getBasicScore(),
          feedback.getWarning(),
          feedback.getSuggestion() == null ? List.of() : List.copyOf(feedback.getSuggestion()));
    } finally {
      permits.release();
    }
  }
}
