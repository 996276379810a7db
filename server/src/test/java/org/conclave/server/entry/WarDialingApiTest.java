package org.conclave.server.entry;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.conclave.server.account.Role;
import org.conclave.server.testing.Browser;
import org.conclave.server.testing.Meetings;
import org.conclave.server.testing.SignalingClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The meeting door under attack: war-dialing codes and guessing passcodes. The clock stands still
 * ({@link FrozenClockApiTest}), so no allowance refills while the attack runs.
 */
class WarDialingApiTest extends FrozenClockApiTest {

  private static final String CODE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

  @Autowired MeterRegistry metrics;
  @Autowired JdbcClient jdbc;

  private enum Kind {
    UNKNOWN_CODE,
    WRONG_PASSCODE,
    MALFORMED
  }

  private record Attempt(Kind kind, String code, String passcode) {}

  /** What a refusal says, without {@code instance} (the request path, which may vary). */
  private static String answer(Browser.Response r) {
    assertThat(r.contentType()).startsWith("application/problem+json");
    ObjectNode body = (ObjectNode) r.json();
    body.remove("instance");
    return r.status() + " " + body;
  }

  private double checks() {
    return metrics.counter("conclave.meeting.entry.checks").count();
  }

  private long audited(String address) {
    return jdbc.sql(
            """
            SELECT COUNT(*) FROM audit_log WHERE source_address = :a
              AND event IN ('MEETING_ENTRY_FAILED', 'MEETING_ENTRY_THROTTLED')
            """)
        .param("a", address)
        .query(Long.class)
        .single();
  }

  private static String randomCode(Random random) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      if (i == 4 || i == 8) {
        b.append('-');
      }
      b.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
    }
    return b.toString();
  }

  private static String randomPasscode(Random random) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      b.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
    }
    return b.toString();
  }

  private Browser host() {
    return signedIn(createUser(newUsername("host"), Role.HOST));
  }

  private static long median(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  /**
   * Fails when the two medians differ by more than noise: {@code factor} times the smaller one, at
   * least 1.5 ms (the machine running the tests is shared and loaded).
   */
  private static void assertSimilarTiming(String what, List<Long> a, List<Long> b, double factor) {
    double ma = median(a) / 1e6;
    double mb = median(b) / 1e6;
    double bound = Math.max(1.5, factor * Math.min(ma, mb));
    System.out.printf(
        "%s: unknown code %.2f ms (%d), wrong passcode %.2f ms (%d)%n",
        what, ma, a.size(), mb, b.size());
    assertThat(Math.abs(ma - mb))
        .as("%s: unknown code %.2f ms vs wrong passcode %.2f ms (bound %.2f)", what, ma, mb, bound)
        .isLessThanOrEqualTo(bound);
  }

  @Test
  void tenThousandCodesAndAThousandPasscodesFromOneAddressRevealNothingAndAreAllAudited() {
    Browser host = host();
    JsonNode meeting = Meetings.create(host, null);
    String code = meeting.path("code").asString();
    String passcode = meeting.path("passcode").asString();
    Random random = new Random(20_200_427L);
    List<Attempt> attempts = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      attempts.add(new Attempt(Kind.UNKNOWN_CODE, randomCode(random), randomPasscode(random)));
    }
    for (int i = 0; i < 1_000; i++) {
      String guess = randomPasscode(random);
      assertThat(guess).isNotEqualTo(passcode);
      attempts.add(new Attempt(Kind.WRONG_PASSCODE, code, guess));
    }
    for (String bad :
        List.of(
            "",
            " ",
            "abc",
            "0000-0000-000",
            "uuuu-uuuu-uuuu",
            "<script>",
            "x".repeat(300),
            "1234-5678-9abc-d",
            "!!!!-!!!!-!!!!",
            "%00",
            "\u0000",
            "ＡＢＣＤ-ＥＦＧＨ-ＪＫＭＮ")) {
      attempts.add(new Attempt(Kind.MALFORMED, bad, randomPasscode(random)));
    }
    Collections.shuffle(attempts, random);
    // Alternate the first forty, so that both kinds have attempts checked before the throttle.
    List<Attempt> unknown =
        new ArrayList<>(attempts.stream().filter(a -> a.kind != Kind.WRONG_PASSCODE).toList());
    List<Attempt> wrong =
        new ArrayList<>(attempts.stream().filter(a -> a.kind == Kind.WRONG_PASSCODE).toList());
    List<Attempt> order = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      order.add(wrong.remove(0));
      order.add(
          unknown.stream().filter(a -> a.kind == Kind.UNKNOWN_CODE).findFirst().orElseThrow());
      unknown.remove(order.get(order.size() - 1));
    }
    List<Attempt> rest = new ArrayList<>(unknown);
    rest.addAll(wrong);
    Collections.shuffle(rest, random);
    order.addAll(rest);

    try (SignalingClient hostSocket = Meetings.enter(host, Meetings.ticket(host, "code", code))) {
      hostSocket.await("welcome");
      Browser dialer = browser();
      dialer.get("/api/v1/session");
      double checksBefore = checks();
      Map<Kind, Set<String>> answers = new HashMap<>();
      Map<String, List<Long>> timings = new HashMap<>();
      long lastPing = System.nanoTime();
      for (Attempt a : order) {
        long start = System.nanoTime();
        Browser.Response r =
            Meetings.join(dialer, "code", a.code, "passcode", a.passcode, "name", "Dialer");
        long took = System.nanoTime() - start;
        answers.computeIfAbsent(a.kind, k -> new LinkedHashSet<>()).add(answer(r));
        if (a.kind != Kind.MALFORMED) {
          timings.computeIfAbsent(a.kind + " " + r.status(), k -> new ArrayList<>()).add(took);
        }
        if (System.nanoTime() - lastPing > Duration.ofSeconds(5).toNanos()) {
          hostSocket.send("ping");
          lastPing = System.nanoTime();
        }
      }

      // Same statuses and bodies, whatever the code: refused while checked, then held back.
      assertThat(answers.get(Kind.UNKNOWN_CODE)).hasSize(2);
      assertThat(answers.get(Kind.WRONG_PASSCODE)).isEqualTo(answers.get(Kind.UNKNOWN_CODE));
      assertThat(answers.get(Kind.MALFORMED)).isSubsetOf(answers.get(Kind.UNKNOWN_CODE));
      assertThat(answers.get(Kind.UNKNOWN_CODE))
          .anySatisfy(s -> assertThat(s).startsWith("403 ").contains("\"entry-refused\""))
          .anySatisfy(s -> assertThat(s).startsWith("429 ").contains("\"entry-throttled\""));
      // Only the address's allowance was ever checked against the stored secrets.
      assertThat(checks() - checksBefore).isPositive().isLessThanOrEqualTo(PER_ADDRESS);
      assertThat(timings.get("WRONG_PASSCODE 403")).hasSize(PER_ADDRESS_PER_MEETING);
      assertThat(timings.get("UNKNOWN_CODE 403")).hasSize(PER_ADDRESS - PER_ADDRESS_PER_MEETING);
      // Few samples here (the allowance is small), so a wide bound; the paired measurement in
      // checkedUnknownCodesAndWrongPasscodesTakeTheSameTime is the sharp one.
      assertSimilarTiming(
          "checked", timings.get("UNKNOWN_CODE 403"), timings.get("WRONG_PASSCODE 403"), 3.0);
      assertSimilarTiming(
          "held back", timings.get("UNKNOWN_CODE 429"), timings.get("WRONG_PASSCODE 429"), 1.0);
      // Every attempt is in the audit log, under the attacker's address.
      assertThat(audited(dialer.address())).isEqualTo(order.size());
      // The host in the room was told.
      JsonNode alert = hostSocket.await("securityAlert");
      assertThat(alert.path("kind").asString()).isEqualTo("entry-attack");
      assertThat(alert.path("failures").asInt()).isGreaterThanOrEqualTo(ALERT_AFTER);
    }
  }

  @Test
  void checkedUnknownCodesAndWrongPasscodesTakeTheSameTime() {
    Browser host = host();
    List<JsonNode> meetings = List.of(Meetings.create(host, null), Meetings.create(host, null));
    Random random = new Random(380L);
    Browser attacker = browser();
    attacker.get("/api/v1/session");
    List<Long> unknown = new ArrayList<>();
    List<Long> wrong = new ArrayList<>();
    double checksBefore = checks();
    int samples = 2 * (PER_MEETING - 10);
    for (int i = 0; i < samples; i++) {
      // A fresh address each round: every attempt here is checked, none is held back.
      attacker.from("198.19.100." + i);
      String code = meetings.get(i % 2).path("code").asString();
      boolean unknownFirst = i % 2 == 0;
      for (int k = 0; k < 2; k++) {
        boolean isUnknown = (k == 0) == unknownFirst;
        long start = System.nanoTime();
        Browser.Response r =
            Meetings.join(
                attacker,
                "code",
                isUnknown ? randomCode(random) : code,
                "passcode",
                randomPasscode(random),
                "name",
                "Timer");
        long took = System.nanoTime() - start;
        assertThat(r.status()).isEqualTo(403);
        (isUnknown ? unknown : wrong).add(took);
      }
    }
    assertThat(checks() - checksBefore).isEqualTo(2.0 * samples);
    // Each round's two attempts ran back to back, so their difference cancels most of the load
    // other processes put on the machine; an extra hash on one side would not cancel.
    List<Long> differences = new ArrayList<>();
    List<Long> all = new ArrayList<>(unknown);
    all.addAll(wrong);
    for (int i = 0; i < samples; i++) {
      differences.add(unknown.get(i) - wrong.get(i));
    }
    double typical = median(all) / 1e6;
    double difference = median(differences) / 1e6;
    System.out.printf(
        "checked, many addresses: unknown %.2f ms, wrong %.2f ms, paired difference %.2f ms%n",
        median(unknown) / 1e6, median(wrong) / 1e6, difference);
    assertThat(Math.abs(difference))
        .as("median paired difference %.2f ms, typical attempt %.2f ms", difference, typical)
        .isLessThanOrEqualTo(Math.max(2.0, 0.25 * typical));
  }

  @Test
  void oneAddressGetsItsAllowanceAcrossAllCodesAndThenEvenTheRightPasscodeWaits() {
    JsonNode meeting = Meetings.create(host(), null);
    Browser dialer = browser();
    Random random = new Random(1L);
    for (int i = 0; i < PER_ADDRESS; i++) {
      assertThat(
              Meetings.join(dialer, "code", randomCode(random), "passcode", "x", "name", "D")
                  .status())
          .isEqualTo(403);
    }
    Browser.Response held =
        Meetings.join(
            dialer,
            "code",
            meeting.path("code").asString(),
            "passcode",
            meeting.path("passcode").asString(),
            "name",
            "D");

    assertThat(held.status()).isEqualTo(429);
    assertThat(held.json().path("code").asString()).isEqualTo("entry-throttled");
    assertThat(Long.parseLong(held.header("Retry-After"))).isPositive();
  }

  @Test
  void oneAddressGetsFiveTriesAtOneMeetingButKeepsTheRestOfItsAllowance() {
    Browser host = host();
    JsonNode first = Meetings.create(host, null);
    JsonNode second = Meetings.create(host, null);
    Browser guesser = browser();
    for (int i = 0; i < PER_ADDRESS_PER_MEETING; i++) {
      assertThat(join(guesser, first, "wrong-guess-" + i).status()).isEqualTo(403);
    }

    assertThat(join(guesser, first, first.path("passcode").asString()).status()).isEqualTo(429);
    assertThat(join(guesser, second, second.path("passcode").asString()).status()).isEqualTo(200);
    assertThat(join(browser(), first, first.path("passcode").asString()).status()).isEqualTo(200);
  }

  @Test
  void aMeetingGuessedAtFromManyAddressesIsHeldBackLikeAnUnknownCodeButPersonalLinksStillWork() {
    Browser host = host();
    JsonNode meeting = Meetings.create(host, null);
    String invite = invite(host, meeting, "Bảo");
    String unknownCode = randomCode(new Random(7L));
    Browser many = browser();
    List<Integer> real = new ArrayList<>();
    List<Integer> unknown = new ArrayList<>();
    for (int i = 0; i < PER_MEETING + 5; i++) {
      many.from("198.19.101." + i);
      real.add(join(many, meeting, "guess-" + i).status());
      many.from("198.19.102." + i);
      unknown.add(
          Meetings.join(many, "code", unknownCode, "passcode", "guess-" + i, "name", "M").status());
    }

    // The same sequence of answers for a meeting that exists and a code that does not.
    assertThat(real).isEqualTo(unknown);
    assertThat(real.subList(0, PER_MEETING)).containsOnly(403);
    assertThat(real.subList(PER_MEETING, real.size())).containsOnly(429);
    // A newcomer with the right passcode waits too; a personal link does not.
    assertThat(join(browser(), meeting, meeting.path("passcode").asString()).status())
        .isEqualTo(429);
    assertThat(
            Meetings.join(browser(), "code", meeting.path("code").asString(), "invite", invite)
                .status())
        .isEqualTo(200);
  }

  @Test
  void whileTheHostPausesPasscodeEntryPasscodesAndTheSharedLinkWaitButPersonalLinksEnter() {
    Browser host = host();
    JsonNode meeting = Meetings.create(host, null);
    String code = meeting.path("code").asString();
    String invite = invite(host, meeting, "Chi");
    String linkSecret = meeting.path("link").asString().replaceFirst(".*#k=", "");
    try (SignalingClient hostSocket = Meetings.enter(host, Meetings.ticket(host, "code", code))) {
      hostSocket.await("welcome");
      hostSocket.drain(Duration.ofMillis(300));
      hostSocket.send("pausePasscodeEntry", "paused", true);
      hostSocket.await("roomUpdated");

      Browser waiter = browser();
      for (int i = 0; i <= PER_ADDRESS_PER_MEETING; i++) {
        assertThat(join(waiter, meeting, meeting.path("passcode").asString()).status())
            .isEqualTo(429);
      }
      Browser.Response byPasscode = join(browser(), meeting, meeting.path("passcode").asString());
      Browser.Response byLink =
          Meetings.join(browser(), "code", code, "secret", linkSecret, "name", "L");
      Browser.Response byInvite = Meetings.join(browser(), "code", code, "invite", invite);

      assertThat(byPasscode.status()).isEqualTo(429);
      assertThat(byPasscode.json().path("code").asString()).isEqualTo("entry-throttled");
      assertThat(byLink.status()).isEqualTo(429);
      assertThat(byInvite.status()).isEqualTo(200);

      hostSocket.send("pausePasscodeEntry", "paused", false);
      hostSocket.await("roomUpdated");
      // Waiting out a pause did not use up the waiter's own allowance.
      assertThat(join(waiter, meeting, meeting.path("passcode").asString()).status())
          .isEqualTo(200);
    }
  }

  @Test
  void successfulEntriesUseUpNeitherTheMeetingsNorTheAddresssAllowance() {
    JsonNode meeting = Meetings.create(host(), null);
    String passcode = meeting.path("passcode").asString();
    Browser crowd = browser();
    for (int i = 0; i < PER_MEETING + 10; i++) {
      crowd.from("198.19.103." + i);
      assertThat(join(crowd, meeting, passcode).status()).as("guest %d", i).isEqualTo(200);
    }
    Browser office = browser();
    for (int i = 0; i < PER_ADDRESS + 5; i++) {
      assertThat(join(office, meeting, passcode).status()).as("entry %d", i).isEqualTo(200);
    }
  }

  @Test
  void attemptsSentAllAtOnceAreCheckedNoMoreOftenThanTheAllowance() throws Exception {
    Browser swarm = browser();
    swarm.get("/api/v1/session");
    Random random = new Random(99L);
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 3 * PER_ADDRESS; i++) {
      codes.add(randomCode(random));
    }
    double checksBefore = checks();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(codes.size());
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
      for (String code : codes) {
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return Meetings.join(swarm, "code", code, "passcode", "x", "name", "S").status();
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (var a : answers) {
        statuses.add(a.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }

      assertThat(statuses).containsOnly(403, 429);
      assertThat(statuses.stream().filter(s -> s == 403).count()).isLessThanOrEqualTo(PER_ADDRESS);
      assertThat(checks() - checksBefore).isLessThanOrEqualTo(PER_ADDRESS);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Browser.Response join(Browser who, JsonNode meeting, String passcode) {
    return Meetings.join(
        who, "code", meeting.path("code").asString(), "passcode", passcode, "name", "Guest");
  }

  private static String invite(Browser host, JsonNode meeting, String name) {
    var r =
        host.post(
            "/api/v1/meetings/" + meeting.path("id").asLong() + "/invites",
            Browser.body("name", name));
    assertThat(r.status()).isEqualTo(201);
    return r.json().path("link").asString().replaceFirst(".*#i=", "");
  }
}
