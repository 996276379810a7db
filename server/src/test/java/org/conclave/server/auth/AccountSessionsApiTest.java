package org.conclave.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class AccountSessionsApiTest extends ApiTest {

  @Autowired AuditLog audit;
  @Autowired Notices notices;

  private static boolean signedIn(Browser b) {
    return b.get("/api/v1/session").json().get("authenticated").asBoolean();
  }

  private static List<JsonNode> sessions(Browser b) {
    var r = b.get("/api/v1/account/sessions");
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> list = new ArrayList<>();
    r.json().forEach(list::add);
    return list;
  }

  @Test
  void listsOwnLiveSessionsAndMarksTheCurrentOne() {
    User user = createUser(newUsername("lister"), Role.MEMBER);
    Browser laptop = signedIn(user);
    Browser phone = signedIn(user);
    signedIn(createUser(newUsername("stranger"), Role.MEMBER));

    List<JsonNode> seen = sessions(laptop);

    assertThat(seen).hasSize(2);
    assertThat(seen).filteredOn(s -> s.get("current").asBoolean()).hasSize(1);
    JsonNode first = seen.get(0);
    assertThat(first.has("id")).isTrue();
    assertThat(first.get("createdAt").asLong()).isPositive();
    assertThat(first.get("lastSeenAt").asLong()).isPositive();
    assertThat(first.get("sourceAddress").asString()).isNotBlank();
    assertThat(first.has("userAgent")).isTrue();
    long phoneCurrent =
        sessions(phone).stream()
            .filter(s -> s.get("current").asBoolean())
            .findFirst()
            .orElseThrow()
            .get("id")
            .asLong();
    long laptopCurrent =
        seen.stream()
            .filter(s -> s.get("current").asBoolean())
            .findFirst()
            .orElseThrow()
            .get("id")
            .asLong();
    assertThat(phoneCurrent).isNotEqualTo(laptopCurrent);
  }

  @Test
  void signOutEverywhereEndsTheOtherSessionsAndKeepsThisOne() {
    User user = createUser(newUsername("everywhere"), Role.MEMBER);
    Browser here = signedIn(user);
    Browser other1 = signedIn(user);
    Browser other2 = signedIn(user);

    var r = here.post("/api/v1/account/sessions/sign-out-everywhere", "{}");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("ended").asInt()).isEqualTo(2);
    assertThat(signedIn(other1)).isFalse();
    assertThat(signedIn(other2)).isFalse();
    assertThat(signedIn(here)).isTrue();
    assertThat(sessions(here)).hasSize(1);
  }

  @Test
  void signOutEverywhereLeavesOtherUsersAlone() {
    User user = createUser(newUsername("mine"), Role.MEMBER);
    Browser neighbour = signedIn(createUser(newUsername("theirs"), Role.MEMBER));

    signedIn(user).post("/api/v1/account/sessions/sign-out-everywhere", "{}");

    assertThat(signedIn(neighbour)).isTrue();
  }

  @Test
  void signOutEverywhereIsAudited() {
    User user = createUser(newUsername("audited"), Role.MEMBER);
    Browser here = signedIn(user);
    signedIn(user);

    here.post("/api/v1/account/sessions/sign-out-everywhere", "{}");

    assertThat(audit.entries(0, Integer.MAX_VALUE))
        .anySatisfy(
            e -> {
              assertThat(e.event()).isEqualTo("SESSION_REVOKED");
              assertThat(e.subject()).isEqualTo(user.username());
              assertThat(e.detail()).contains("1 session");
            });
  }

  @Test
  void endingOneOfMySessionsStopsItsCookie() {
    User user = createUser(newUsername("ender"), Role.MEMBER);
    Browser here = signedIn(user);
    Browser lost = signedIn(user);
    long lostId =
        sessions(lost).stream()
            .filter(s -> s.get("current").asBoolean())
            .findFirst()
            .orElseThrow()
            .get("id")
            .asLong();

    var r = here.delete("/api/v1/account/sessions/" + lostId);

    assertThat(r.status()).isEqualTo(204);
    assertThat(signedIn(lost)).isFalse();
    assertThat(signedIn(here)).isTrue();
  }

  @Test
  void anotherUsersSessionIdAnswersNotFoundAndStaysAlive() {
    Browser victim = signedIn(createUser(newUsername("victim"), Role.MEMBER));
    long victimSession = sessions(victim).get(0).get("id").asLong();
    Browser attacker = signedIn(createUser(newUsername("attacker"), Role.ADMIN));

    var r = attacker.delete("/api/v1/account/sessions/" + victimSession);

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(signedIn(victim)).isTrue();
  }

  @Test
  void sessionsNeedSignIn() {
    var r = browser().get("/api/v1/account/sessions");

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void signOutEverywhereNeedsTheCsrfToken() {
    User user = createUser(newUsername("csrf"), Role.MEMBER);
    Browser here = signedIn(user);
    Browser other = signedIn(user);

    var r = here.withoutCsrf().post("/api/v1/account/sessions/sign-out-everywhere", "{}");

    assertThat(r.status()).isEqualTo(403);
    assertThat(signedIn(other)).isTrue();
  }

  @Test
  void noticesAreListedUntilDismissed() {
    User user = createUser(newUsername("noticed"), Role.MEMBER);
    notices.accountThrottled(user.id(), "203.0.113.9");
    Browser b = signedIn(user);

    var list = b.get("/api/v1/account/notices");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().size()).isEqualTo(1);
    JsonNode notice = list.json().get(0);
    assertThat(notice.get("kind").asString()).isEqualTo(Notices.ACCOUNT_THROTTLED);
    assertThat(notice.get("detail").asString()).contains("203.0.113.9");
    assertThat(notice.get("createdAt").asLong()).isPositive();

    var dismissed =
        b.post("/api/v1/account/notices/" + notice.get("id").asLong() + "/dismiss", "{}");

    assertThat(dismissed.status()).isEqualTo(204);
    assertThat(b.get("/api/v1/account/notices").json().size()).isZero();
  }

  @Test
  void anotherUsersNoticeCannotBeDismissed() {
    User owner = createUser(newUsername("owner"), Role.MEMBER);
    notices.accountThrottled(owner.id(), "203.0.113.10");
    long id = notices.unseen(owner.id()).get(0).id();
    Browser other = signedIn(createUser(newUsername("other"), Role.MEMBER));

    var r = other.post("/api/v1/account/notices/" + id + "/dismiss", "{}");

    assertThat(r.status()).isEqualTo(404);
    assertThat(notices.unseen(owner.id())).hasSize(1);
  }
}
