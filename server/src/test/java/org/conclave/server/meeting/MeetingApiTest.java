package org.conclave.server.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code /api/v1/meetings}: scheduling, the organisation's caps, who may see and change what. */
class MeetingApiTest extends ApiTest {

  @Autowired JdbcClient jdbc;

  private Browser host() {
    return signedIn(createUser(newUsername("host"), Role.HOST));
  }

  private static Map<String, Object> meeting(Object... fields) {
    Map<String, Object> body = new HashMap<>(Browser.body(fields));
    body.putIfAbsent("kind", "INSTANT");
    body.putIfAbsent("title", "Planning");
    return body;
  }

  private static JsonNode created(Browser.Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  private static void assertProblem(Browser.Response r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("code").asString()).isEqualTo(code);
  }

  private static String path(JsonNode m) {
    return "/api/v1/meetings/" + m.path("id").asLong();
  }

  private static String inFuture(Duration d) {
    return Instant.now().plus(d).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Test
  void anInstantMeetingGetsACodeAGeneratedPasscodeAndALinkWithItsSecretInTheFragment() {
    JsonNode m = created(host().post("/api/v1/meetings", meeting()));

    assertThat(m.path("code").asString())
        .matches("[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){2}");
    assertThat(m.path("passcode").asString()).matches("[2-9a-hjkmnp-z]{10}");
    assertThat(m.path("joinUrl").asString()).endsWith("/j/" + m.path("code").asString());
    assertThat(m.path("link").asString())
        .startsWith(m.path("joinUrl").asString() + "#k=")
        .hasSizeGreaterThan(m.path("joinUrl").asString().length() + 3 + 22);
    JsonNode s = m.path("settings");
    assertThat(s.path("passcodeRequired").asBoolean()).isTrue();
    assertThat(s.path("waitingRoom").asBoolean()).isTrue();
    assertThat(s.path("entry").asString()).isEqualTo("ANYONE_WITH_CODE");
    assertThat(s.path("entryBeforeHost").asBoolean()).isFalse();
    assertThat(s.path("screenShare").asString()).isEqualTo("HOSTS");
    assertThat(s.path("renameAllowed").asBoolean()).isFalse();
    assertThat(m.path("yourRole").asString()).isEqualTo("host");
  }

  @Test
  void aScheduledMeetingKeepsItsStartAndTimeZone() {
    String start = inFuture(Duration.ofDays(3));
    JsonNode m =
        created(
            host()
                .post(
                    "/api/v1/meetings",
                    meeting(
                        "kind",
                        "SCHEDULED",
                        "startsAt",
                        start,
                        "timeZone",
                        "Asia/Ho_Chi_Minh",
                        "durationMinutes",
                        90)));

    assertThat(m.path("startsAt").asString()).isEqualTo(start);
    assertThat(m.path("timeZone").asString()).isEqualTo("Asia/Ho_Chi_Minh");
    assertThat(m.path("durationMinutes").asInt()).isEqualTo(90);
    assertThat(m.path("occurrences").size()).isEqualTo(1);
  }

  @Test
  void aRecurringMeetingListsItsOccurrences() {
    Instant start = Instant.parse(inFuture(Duration.ofDays(1)));
    Browser host = host();
    JsonNode weekly =
        created(
            host.post(
                "/api/v1/meetings",
                meeting(
                    "kind",
                    "RECURRING",
                    "startsAt",
                    start.toString(),
                    "recurrence",
                    "WEEKLY",
                    "recurrenceCount",
                    4)));
    JsonNode daily =
        created(
            host.post(
                "/api/v1/meetings",
                meeting(
                    "kind",
                    "RECURRING",
                    "startsAt",
                    start.toString(),
                    "recurrence",
                    "DAILY",
                    "recurrenceCount",
                    30)));

    List<String> occurrences = new java.util.ArrayList<>();
    for (JsonNode o : weekly.path("occurrences")) {
      occurrences.add(o.asString());
    }
    assertThat(occurrences)
        .containsExactly(
            start.toString(),
            start.plus(Duration.ofDays(7)).toString(),
            start.plus(Duration.ofDays(14)).toString(),
            start.plus(Duration.ofDays(21)).toString());
    assertThat(daily.path("occurrences").size()).isEqualTo(10);
    assertThat(daily.path("occurrences").get(1).asString())
        .isEqualTo(start.plus(Duration.ofDays(1)).toString());
    assertProblem(
        host.post(
            "/api/v1/meetings",
            meeting("kind", "RECURRING", "startsAt", start.toString(), "recurrence", "WEEKLY")),
        400,
        "invalid-recurrence");
  }

  @Test
  void thePersonalRoomIsMadeOnce() {
    Browser host = host();

    JsonNode first = host.get("/api/v1/meetings/personal").json();
    JsonNode second = host.get("/api/v1/meetings/personal").json();

    assertThat(first.path("kind").asString()).isEqualTo("PERSONAL");
    assertThat(second.path("id").asLong()).isEqualTo(first.path("id").asLong());
    assertThat(second.path("code").asString()).isEqualTo(first.path("code").asString());
    assertProblem(
        host.post("/api/v1/meetings", meeting("kind", "PERSONAL")), 409, "personal-room-exists");
  }

  @Test
  void byDefaultThePolicyForbidsTurningThePasscodeOffButAllowsTurningTheWaitingRoomOff() {
    Browser host = host();

    assertProblem(
        host.post("/api/v1/meetings", meeting("settings", Map.of("passcodeRequired", false))),
        400,
        "policy-forbids");
    JsonNode open =
        created(host.post("/api/v1/meetings", meeting("settings", Map.of("waitingRoom", false))));
    assertThat(open.path("settings").path("waitingRoom").asBoolean()).isFalse();
    JsonNode policy = host.get("/api/v1/meetings/policy").json();
    assertThat(policy.path("passcodeMayBeOff").asBoolean()).isFalse();
    assertThat(policy.path("waitingRoomMayBeOff").asBoolean()).isTrue();
  }

  @Test
  void theParticipantLimitStaysWithinTwoAndThePolicyMaximum() {
    Browser host = host();

    for (int limit : List.of(1, 0, -5, 301)) {
      assertProblem(
          host.post("/api/v1/meetings", meeting("settings", Map.of("participantLimit", limit))),
          400,
          "invalid-setting");
    }
    assertThat(
            created(
                    host.post(
                        "/api/v1/meetings", meeting("settings", Map.of("participantLimit", 300))))
                .path("settings")
                .path("participantLimit")
                .asInt())
        .isEqualTo(300);
  }

  @Test
  void aHostChosenPasscodeMustPassTheStrengthCheck() {
    Browser host = host();

    assertProblem(
        host.post("/api/v1/meetings", meeting("passcode", "k7m2")), 400, "passcode-too-short");
    assertProblem(
        host.post("/api/v1/meetings", meeting("passcode", "password1")),
        400,
        "passcode-too-common");
    JsonNode m =
        created(host.post("/api/v1/meetings", meeting("passcode", "amber kite lagoon 58")));
    assertThat(m.path("passcode").asString()).isEqualTo("amber kite lagoon 58");

    var weak = host.post(path(m) + "/passcode", Browser.body("passcode", "12345678"));
    assertThat(weak.status()).isEqualTo(400);
    var generated = host.post(path(m) + "/passcode", Browser.body());
    assertThat(generated.status()).isEqualTo(200);
    assertThat(generated.json().path("passcode").asString())
        .matches("[2-9a-hjkmnp-z]{10}")
        .isNotEqualTo("amber kite lagoon 58");
    assertThat(generated.json().path("link").asString()).isNotEqualTo(m.path("link").asString());
  }

  @Test
  void aMemberCannotCreateMeetings() {
    Browser member = signedIn(createUser(newUsername("member"), Role.MEMBER));

    assertProblem(member.post("/api/v1/meetings", meeting()), 403, "not-a-host");
    assertProblem(member.get("/api/v1/meetings/personal"), 403, "not-a-host");
    assertThat(member.get("/api/v1/meetings").json().size()).isZero();
  }

  @Test
  void someoneElsesMeetingDoesNotExistForYou() {
    JsonNode m = created(host().post("/api/v1/meetings", meeting()));
    Browser other = host();

    for (Browser.Response r :
        List.of(
            other.get(path(m)),
            other.put(path(m), Browser.body("title", "Mine now")),
            other.delete(path(m)),
            other.post(path(m) + "/passcode", Browser.body()),
            other.get(path(m) + "/invites"),
            other.post(path(m) + "/invites", Browser.body("name", "Eve")),
            other.get("/api/v1/meetings/999999999"))) {
      assertProblem(r, 404, "not-found");
    }
    assertThat(other.get("/api/v1/meetings").json().size()).isZero();
  }

  @Test
  void aCohostSeesAndChangesTheMeetingButOnlyTheOwnerDeletesItOrChangesCohosts() {
    Browser owner = host();
    User cohostUser = createUser(newUsername("cohost"), Role.MEMBER);
    User third = createUser(newUsername("third"), Role.MEMBER);
    JsonNode m =
        created(owner.post("/api/v1/meetings", meeting("cohosts", List.of(cohostUser.username()))));
    Browser cohost = signedIn(cohostUser);

    JsonNode seen = cohost.get(path(m)).json();
    assertThat(seen.path("yourRole").asString()).isEqualTo("cohost");
    assertThat(seen.path("passcode").asString()).isEqualTo(m.path("passcode").asString());
    assertThat(cohost.get("/api/v1/meetings").json().get(0).path("id").asLong())
        .isEqualTo(m.path("id").asLong());
    var renamed = cohost.put(path(m), Browser.body("title", "Renamed by co-host"));
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.json().path("title").asString()).isEqualTo("Renamed by co-host");
    assertProblem(
        cohost.put(
            path(m), Browser.body("cohosts", List.of(cohostUser.username(), third.username()))),
        403,
        "owner-only");
    assertProblem(cohost.delete(path(m)), 403, "owner-only");
    assertThat(owner.delete(path(m)).status()).isEqualTo(204);
    assertProblem(owner.get(path(m)), 404, "not-found");
  }

  @Test
  void invitationsAreCreatedListedAndRevoked() {
    Browser host = host();
    User member = createUser(newUsername("guest"), Role.MEMBER);
    JsonNode m = created(host.post("/api/v1/meetings", meeting()));

    var one =
        host.post(
            path(m) + "/invites",
            Browser.body("name", "Trần Văn Bình", "email", "binh@example.test"));
    var two =
        host.post(
            path(m) + "/invites", Browser.body("name", "Member", "username", member.username()));
    assertThat(one.status()).isEqualTo(201);
    assertThat(two.status()).isEqualTo(201);
    assertThat(one.json().path("link").asString()).startsWith(m.path("joinUrl").asString() + "#i=");
    assertThat(two.json().path("username").asString()).isEqualTo(member.username());
    long id = one.json().path("id").asLong();

    assertThat(host.delete(path(m) + "/invites/" + id).status()).isEqualTo(204);
    JsonNode list = host.get(path(m) + "/invites").json();

    assertThat(list.size()).isEqualTo(2);
    assertThat(list.get(0).path("name").asString()).isEqualTo("Trần Văn Bình");
    assertThat(list.get(0).path("revokedAt").isNumber()).isTrue();
    assertThat(list.get(0).path("link").isNull() || list.get(0).path("link").isMissingNode())
        .isTrue();
    assertThat(list.get(1).path("link").asString()).contains("#i=");
    assertProblem(host.delete(path(m) + "/invites/999999999"), 404, "not-found");
  }

  @Test
  void badInputIsRefusedAndStoresNothing() {
    Browser host = host();

    assertProblem(
        host.post("/api/v1/meetings", meeting("title", "x".repeat(201))), 400, "invalid-title");
    assertProblem(
        host.post("/api/v1/meetings", meeting("timeZone", "Mars/Olympus")),
        400,
        "invalid-time-zone");
    assertProblem(
        host.post("/api/v1/meetings", meeting("durationMinutes", 2)), 400, "invalid-duration");
    assertProblem(
        host.post("/api/v1/meetings", meeting("kind", "SCHEDULED", "startsAt", "tomorrow")),
        400,
        "invalid-start");
    assertProblem(
        host.post(
            "/api/v1/meetings", meeting("kind", "SCHEDULED", "startsAt", "2001-01-01T00:00:00Z")),
        400,
        "invalid-start");
    assertProblem(
        host.post("/api/v1/meetings", meeting("cohosts", List.of("nobody-" + System.nanoTime()))),
        400,
        "unknown-user");
    var unknownField = host.post("/api/v1/meetings", meeting("owner", "someone"));
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.contentType()).startsWith("application/problem+json");
    var badSetting = host.post("/api/v1/meetings", meeting("settings", Map.of("chat", "LOUD")));
    assertThat(badSetting.status()).isEqualTo(400);

    assertThat(host.get("/api/v1/meetings").json().size()).isZero();

    JsonNode m = created(host.post("/api/v1/meetings", meeting()));
    assertProblem(host.post(path(m) + "/invites", Browser.body("name", "")), 400, "invalid-name");
    assertProblem(
        host.post(path(m) + "/invites", Browser.body("name", "E", "email", "not-an-address")),
        400,
        "invalid-email");
    assertProblem(
        host.put(path(m), Browser.body("settings", Map.of("passcodeRequired", false))),
        400,
        "policy-forbids");
    assertThat(host.get(path(m) + "/invites").json().size()).isZero();
    assertThat(host.get(path(m)).json().path("settings").path("passcodeRequired").asBoolean())
        .isTrue();
  }

  @Test
  void everyChangeToAMeetingIsAudited() {
    Browser host = host();
    JsonNode m = created(host.post("/api/v1/meetings", meeting()));
    assertThat(host.put(path(m), Browser.body("title", "Changed")).status()).isEqualTo(200);
    long invite =
        host.post(path(m) + "/invites", Browser.body("name", "Vy")).json().path("id").asLong();
    assertThat(host.delete(path(m) + "/invites/" + invite).status()).isEqualTo(204);
    assertThat(host.post(path(m) + "/passcode", Browser.body()).status()).isEqualTo(200);
    assertThat(host.delete(path(m)).status()).isEqualTo(204);

    List<String> events =
        jdbc.sql("SELECT event FROM audit_log WHERE subject = :s ORDER BY seq")
            .param("s", "meeting:" + m.path("id").asLong())
            .query(String.class)
            .list();

    assertThat(events)
        .containsExactly(
            "MEETING_CREATED",
            "MEETING_CHANGED",
            "MEETING_INVITE_CREATED",
            "MEETING_INVITE_REVOKED",
            "MEETING_PASSCODE_CHANGED",
            "MEETING_DELETED");
  }
}
