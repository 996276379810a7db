package org.conclave.server.entry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.conclave.server.testing.Meetings;
import org.conclave.server.testing.SignalingClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code POST /api/v1/join}: each way in, each rule that keeps people out, and what is stored. */
class EntryApiTest extends ApiTest {

  @Autowired JdbcClient jdbc;

  private Browser host() {
    return signedIn(createUser(newUsername("host"), Role.HOST));
  }

  private static String code(JsonNode meeting) {
    return meeting.path("code").asString();
  }

  private static String passcode(JsonNode meeting) {
    return meeting.path("passcode").asString();
  }

  private static String linkSecret(JsonNode meeting) {
    return meeting.path("link").asString().replaceFirst(".*#k=", "");
  }

  private static String invite(Browser host, JsonNode meeting, Object... fields) {
    var r =
        host.post(
            "/api/v1/meetings/" + meeting.path("id").asLong() + "/invites", Browser.body(fields));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("link").asString();
  }

  private static String inviteSecret(String link) {
    return link.replaceFirst(".*#i=", "");
  }

  /** Status and problem body, without {@code instance}. */
  private static String answer(Browser.Response r) {
    ObjectNode body = (ObjectNode) r.json();
    body.remove("instance");
    return r.status() + " " + body;
  }

  private static void assertProblem(Browser.Response r, int status, String code) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().path("code").asString()).isEqualTo(code);
  }

  @Test
  void theHostEntersWithJustTheCode() {
    Browser host = host();
    JsonNode meeting = Meetings.create(host, null);

    try (SignalingClient s = Meetings.enter(host, Meetings.ticket(host, "code", code(meeting)))) {
      assertThat(s.await("welcome").path("you").path("role").asString()).isEqualTo("HOST");
    }
  }

  @Test
  void aGuestOrAnotherMemberWithJustTheCodeIsRefused() {
    JsonNode meeting = Meetings.create(host(), null);
    Browser member = signedIn(createUser(newUsername("member"), Role.MEMBER));

    assertProblem(
        Meetings.join(browser(), "code", code(meeting), "name", "An"), 403, "entry-refused");
    assertProblem(Meetings.join(member, "code", code(meeting)), 403, "entry-refused");
  }

  @Test
  void thePasscodeLetsAGuestInToWaitForTheHostWithoutBecomingHost() {
    JsonNode meeting = Meetings.create(host(), null);
    Browser guest = browser();

    var r =
        Meetings.join(guest, "code", code(meeting), "passcode", passcode(meeting), "name", "Lan");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("expiresInSeconds").asInt()).isEqualTo(60);
    assertThat(guest.cookie("__Host-conclave-participant")).isNotNull();
    try (SignalingClient s = Meetings.enter(guest, r.json().path("ticket").asString())) {
      assertThat(s.await("waiting").path("reason").asString()).isEqualTo("HOST_ABSENT");
    }
  }

  @Test
  void theCodeIsReadForgivinglyWithoutDashesAndInCapitals() {
    JsonNode meeting = Meetings.create(host(), null);
    String typed = code(meeting).replace("-", " ").toUpperCase(java.util.Locale.ROOT);

    var r = Meetings.join(browser(), "code", typed, "passcode", passcode(meeting), "name", "Lan");

    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void theMeetingLinkSecretStandsForThePasscode() {
    JsonNode meeting = Meetings.create(host(), null);
    Browser guest = browser();

    String ticket =
        Meetings.ticket(
            guest, "code", code(meeting), "secret", linkSecret(meeting), "name", "Minh");

    try (SignalingClient s = Meetings.enter(guest, ticket)) {
      s.await("waiting");
    }
    assertProblem(
        Meetings.join(browser(), "code", code(meeting), "secret", "not-the-secret", "name", "M"),
        403,
        "entry-refused");
  }

  @Test
  void aPersonalLinkEntersUnderTheInvitedNameOnly() {
    Browser host = host();
    JsonNode meeting = Meetings.create(host, null);
    String secret = inviteSecret(invite(host, meeting, "name", "Nguyễn Thị Hoa"));
    try (SignalingClient hostSocket =
        Meetings.enter(host, Meetings.ticket(host, "code", code(meeting)))) {
      hostSocket.await("welcome");
      Browser guest = browser();

      String ticket =
          Meetings.ticket(guest, "code", code(meeting), "invite", secret, "name", "Someone Else");

      try (SignalingClient s = Meetings.enter(guest, ticket)) {
        s.await("waiting");
        JsonNode knock = hostSocket.await("knock").path("entry");
        assertThat(knock.path("name").asString()).isEqualTo("Nguyễn Thị Hoa");
        assertThat(knock.path("arrival").asString()).isEqualTo("PERSONAL_LINK");
      }
    }
  }

  @Test
  void aRevokedPersonalLinkIsRefusedExactlyLikeAWrongPasscode() {
    Browser host = host();
    JsonNode meeting = Meetings.create(host, null);
    String link = invite(host, meeting, "name", "Phúc");
    long inviteId =
        host.get("/api/v1/meetings/" + meeting.path("id").asLong() + "/invites")
            .json()
            .get(0)
            .path("id")
            .asLong();
    assertThat(
            host.delete("/api/v1/meetings/" + meeting.path("id").asLong() + "/invites/" + inviteId)
                .status())
        .isEqualTo(204);

    var revoked = Meetings.join(browser(), "code", code(meeting), "invite", inviteSecret(link));
    var wrong =
        Meetings.join(browser(), "code", code(meeting), "passcode", "wrong-one", "name", "X");

    assertProblem(revoked, 403, "entry-refused");
    assertThat(answer(revoked)).isEqualTo(answer(wrong));
  }

  @Test
  void aMeetingThatRequiresPersonalLinksRefusesThePasscodeAndTheSharedLink() {
    Browser host = host();
    JsonNode meeting = Meetings.create(host, Map.of("personalLinksRequired", true));
    String secret = inviteSecret(invite(host, meeting, "name", "Quân"));

    assertProblem(
        Meetings.join(browser(), "code", code(meeting), "passcode", passcode(meeting), "name", "Q"),
        403,
        "invite-required");
    assertProblem(
        Meetings.join(browser(), "code", code(meeting), "secret", linkSecret(meeting), "name", "Q"),
        403,
        "invite-required");
    assertThat(Meetings.join(browser(), "code", code(meeting), "invite", secret).status())
        .isEqualTo(200);
  }

  @Test
  void anInvitedOnlyMeetingAdmitsPersonalLinksAndInvitedAccountsOnly() {
    Browser host = host();
    JsonNode meeting = Meetings.create(host, Map.of("entry", "INVITED"));
    User invited = createUser(newUsername("invited"), Role.MEMBER);
    invite(host, meeting, "name", "Invited", "username", invited.username());
    Browser stranger = signedIn(createUser(newUsername("stranger"), Role.MEMBER));

    assertProblem(
        Meetings.join(browser(), "code", code(meeting), "passcode", passcode(meeting), "name", "G"),
        403,
        "invite-required");
    assertProblem(
        Meetings.join(stranger, "code", code(meeting), "passcode", passcode(meeting)),
        403,
        "invite-required");
    assertThat(Meetings.join(signedIn(invited), "code", code(meeting)).status()).isEqualTo(200);
  }

  @Test
  void anOrganisationMeetingAsksGuestsToSignInButAdmitsMembers() {
    JsonNode meeting = Meetings.create(host(), Map.of("entry", "ORGANISATION"));
    Browser member = signedIn(createUser(newUsername("member"), Role.MEMBER));

    assertProblem(
        Meetings.join(browser(), "code", code(meeting), "passcode", passcode(meeting), "name", "G"),
        403,
        "sign-in-required");
    var r = Meetings.join(member, "code", code(meeting), "passcode", passcode(meeting));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  @Test
  void aGuestMustGiveAName() {
    JsonNode meeting = Meetings.create(host(), null);
    for (String name : List.of("", "   ", "x".repeat(81), "Bell\u0007")) {
      assertProblem(
          Meetings.join(
              browser(), "code", code(meeting), "passcode", passcode(meeting), "name", name),
          400,
          "invalid-name");
    }
    assertProblem(
        Meetings.join(browser(), "code", code(meeting), "passcode", passcode(meeting)),
        400,
        "invalid-name");
  }

  @Test
  void joiningWithoutTheCsrfHeaderIsRefused() {
    JsonNode meeting = Meetings.create(host(), null);

    var r =
        Meetings.join(
            browser().withoutCsrf(),
            "code",
            code(meeting),
            "passcode",
            passcode(meeting),
            "name",
            "N");

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().path("code").asString()).isNotEqualTo("entry-refused");
  }

  @Test
  void neitherThePasscodeNorAnyLinkSecretIsStoredInClear() {
    Browser host = host();
    JsonNode meeting = Meetings.create(host, null);
    String inviteSecret = inviteSecret(invite(host, meeting, "name", "Sơn"));
    long id = meeting.path("id").asLong();

    List<String> stored =
        jdbc
            .sql("SELECT * FROM meetings WHERE id = :id")
            .param("id", id)
            .query()
            .listOfRows()
            .stream()
            .flatMap(row -> row.values().stream())
            .map(String::valueOf)
            .toList();
    List<String> inviteRows =
        jdbc
            .sql("SELECT * FROM meeting_invites WHERE meeting_id = :id")
            .param("id", id)
            .query()
            .listOfRows()
            .stream()
            .flatMap(row -> row.values().stream())
            .map(String::valueOf)
            .toList();

    assertThat(stored).isNotEmpty();
    assertThat(String.join("|", stored))
        .doesNotContain(passcode(meeting))
        .doesNotContain(linkSecret(meeting));
    assertThat(String.join("|", inviteRows)).isNotEmpty().doesNotContain(inviteSecret);
  }
}
