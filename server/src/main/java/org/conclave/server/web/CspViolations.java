package org.conclave.server.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Content-Security-Policy violations that browsers reported. A violation on our own pages means a
 * page breaks the policy (an inline script or style slipped in) or someone is trying to inject
 * something, so each one is counted in the Micrometer counter {@value #METER} (tagged with the
 * directive), logged at WARN and the last {@value #KEPT} kept in memory for administrators and
 * tests.
 *
 * <p>Reports come from anyone without sign-in, so everything in them is untrusted: strings are
 * shortened and stripped of control characters before they are kept or logged, the directive tag
 * takes only known values (a report cannot invent new time series), and at most {@value
 * #LOGGED_PER_MINUTE} reports a minute are logged (a flood is counted, not written out).
 * Thread-safe.
 */
@Component
public class CspViolations {

  /** The Micrometer counter of reported violations. */
  public static final String METER = "conclave.csp.violations";

  static final int KEPT = 20;
  static final int LOGGED_PER_MINUTE = 20;
  private static final int MAX_FIELD = 300;

  /** Directives a tag may name; anything else is tagged "other". */
  private static final Set<String> DIRECTIVES =
      Set.of(
          "default-src",
          "script-src",
          "script-src-elem",
          "script-src-attr",
          "style-src",
          "style-src-elem",
          "style-src-attr",
          "img-src",
          "font-src",
          "connect-src",
          "media-src",
          "object-src",
          "frame-src",
          "child-src",
          "worker-src",
          "manifest-src",
          "frame-ancestors",
          "form-action",
          "base-uri",
          "require-trusted-types-for",
          "trusted-types");

  private static final Logger log = LoggerFactory.getLogger(CspViolations.class);

  /** One reported violation, as far as the report said. Every field may be null. */
  public record Violation(
      Instant receivedAt,
      String documentUri,
      String directive,
      String blockedUri,
      String sourceFile,
      Integer lineNumber,
      String sample) {}

  private final MeterRegistry meters;
  private final InstantSource clock;
  private final Deque<Violation> recent = new ArrayDeque<>();
  private long logWindowStart;
  private int loggedInWindow;
  private long suppressed;

  CspViolations(MeterRegistry meters, InstantSource clock) {
    this.meters = meters;
    this.clock = clock;
  }

  /** Counts, keeps and (within the log budget) logs one violation. */
  void record(
      String documentUri,
      String directive,
      String blockedUri,
      String sourceFile,
      Integer lineNumber,
      String sample) {
    Violation v =
        new Violation(
            clock.instant(),
            clean(documentUri),
            clean(directive),
            clean(blockedUri),
            clean(sourceFile),
            lineNumber,
            clean(sample));
    Counter.builder(METER)
        .description("Content-Security-Policy violations reported by browsers")
        .tag("directive", tagOf(v.directive()))
        .register(meters)
        .increment();
    boolean logIt;
    long dropped = 0;
    synchronized (this) {
      recent.addFirst(v);
      while (recent.size() > KEPT) {
        recent.removeLast();
      }
      long now = clock.millis();
      if (now - logWindowStart >= 60_000) {
        logWindowStart = now;
        loggedInWindow = 0;
        dropped = suppressed;
        suppressed = 0;
      }
      logIt = loggedInWindow < LOGGED_PER_MINUTE;
      if (logIt) {
        loggedInWindow++;
      } else {
        suppressed++;
      }
    }
    if (dropped > 0) {
      log.warn("{} more CSP violation reports arrived in the last minute (not logged)", dropped);
    }
    if (logIt) {
      log.warn(
          "CSP violation reported: directive={} blocked={} document={} source={}:{} sample={}",
          v.directive(),
          v.blockedUri(),
          v.documentUri(),
          v.sourceFile(),
          v.lineNumber(),
          v.sample());
    }
  }

  /** The most recent violations, newest first (at most {@value #KEPT}). */
  public synchronized List<Violation> recent() {
    return List.copyOf(new ArrayList<>(recent));
  }

  /** How many violations were reported since start (the sum over all directive tags). */
  public double count() {
    return meters.find(METER).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static String tagOf(String directive) {
    if (directive == null) {
      return "unknown";
    }
    // Old browsers send the whole violated directive ("img-src 'self'"): keep its name only.
    String name = directive.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
    return DIRECTIVES.contains(name) ? name : "other";
  }

  /** Shortens an untrusted string and removes control characters (no forged log lines). */
  private static String clean(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_FIELD));
    s.codePoints().limit(MAX_FIELD).forEach(c -> b.appendCodePoint(isInvisible(c) ? '?' : c));
    return b.toString();
  }

  private static boolean isInvisible(int c) {
    int type = Character.getType(c);
    return Character.isISOControl(c)
        || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }
}
