package org.conclave.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Changing one's own password over HTTPS: the rules, reuse, sessions and guessing limits. */
class PasswordChangeApiTest extends ApiTest {

  @Autowired JdbcClient jdbc;

  private static final String[] NEW_PASSWORDS = {
    "amber kettle pioneer gravel 11",
    "copper meadow whistle lantern 22",
    "saffron glacier tugboat pebble 33",
    "indigo orchard bramble canyon 44",
    "walnut comet harness tundra 55",
    "juniper ferry mosaic thimble 66"
  };

  private Browser.Response change(Browser b, String current, String next) {
    return b.post(
        "/api/v1/account/password", Browser.body("currentPassword", current, "newPassword", next));
  }

  private String storedHash(User user) {
    return jdbc.sql("SELECT password_hash FROM users WHERE id = :id")
        .param("id", user.id())
        .query(String.class)
        .single();
  }

  private boolean signsIn(User user, String password) {
    return browser()
            .post(
                "/api/v1/auth/sign-in",
                Browser.body("username", user.username(), "password", password))
            .status()
        == 200;
  }

  @Test
  void changedPasswordSignsInAndTheOldOneDoesNot() {
    User user = createUser(newUsername("changer"), Role.MEMBER);

    var r = change(signedIn(user), STRONG, NEW_PASSWORDS[0]);

    assertThat(r.status()).as(r.toString()).isEqualTo(204);
    assertThat(signsIn(user, NEW_PASSWORDS[0])).isTrue();
    assertThat(signsIn(user, STRONG)).isFalse();
  }

  @ParameterizedTest(name = "{0} is refused as {1}")
  @CsvSource({
    "short pass, too-short",
    "password1234, too-common",
    "matkhau123456, too-common",
    "1qaz2wsx3edc, too-common",
    "zzzzzzzzzzzzzzzz, too-weak",
    "ConclaveRocks2025!, contains-personal-info"
  })
  void refusedPasswordsGetTheirReasonAndChangeNothing(String password, String reason) {
    User user = createUser(newUsername("careful"), Role.MEMBER);
    String before = storedHash(user);

    var r = change(signedIn(user), STRONG, password);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("code").asString()).isEqualTo(reason);
    assertThat(r.json().get("detail").asString()).isNotBlank();
    assertThat(storedHash(user)).isEqualTo(before);
  }

  @Test
  void passwordBuiltFromTheUserNameIsRefused() {
    User user = createUser(newUsername("trungkien"), Role.MEMBER);

    var r = change(signedIn(user), STRONG, user.username() + "2024!");

    assertThat(r.json().get("code").asString()).isEqualTo("contains-personal-info");
  }

  @Test
  void tooLongPasswordIsRefused() {
    User user = createUser(newUsername("verbose"), Role.MEMBER);

    var r = change(signedIn(user), STRONG, "violet harbour tangerine cobble ".repeat(5));

    assertThat(r.json().get("code").asString()).isEqualTo("too-long");
  }

  @Test
  void lastFivePasswordsCannotBeReusedButTheSixthOldestCan() {
    User user = createUser(newUsername("cycler"), Role.MEMBER);
    Browser b = signedIn(user);
    // STRONG, then four more: the history now holds five passwords.
    String current = STRONG;
    for (int i = 0; i < 4; i++) {
      assertThat(change(b, current, NEW_PASSWORDS[i]).status()).isEqualTo(204);
      current = NEW_PASSWORDS[i];
    }

    var reuseOldest = change(b, current, STRONG);
    var reuseCurrent = change(b, current, current);
    assertThat(change(b, current, NEW_PASSWORDS[4]).status()).isEqualTo(204);
    var afterSixth = change(b, NEW_PASSWORDS[4], STRONG);

    assertThat(reuseOldest.status()).isEqualTo(400);
    assertThat(reuseOldest.json().get("code").asString()).isEqualTo("reused");
    assertThat(reuseCurrent.json().get("code").asString()).isEqualTo("reused");
    assertThat(afterSixth.status()).as(afterSixth.toString()).isEqualTo(204);
    assertThat(signsIn(user, STRONG)).isTrue();
  }

  @Test
  void liveCheckReportsReuse() {
    User user = createUser(newUsername("checker"), Role.MEMBER);
    Browser b = signedIn(user);

    var reused = b.post("/api/v1/account/password/check", Browser.body("password", STRONG));
    var fresh =
        b.post("/api/v1/account/password/check", Browser.body("password", NEW_PASSWORDS[5]));

    assertThat(reused.json().get("acceptable").asBoolean()).isFalse();
    assertThat(reused.json().get("reason").asString()).isEqualTo("reused");
    assertThat(fresh.json().get("acceptable").asBoolean()).isTrue();
  }

  @Test
  void liveCheckUsesTheUsersOwnNames() {
    User user = createUser(newUsername("namecheck"), Role.MEMBER);

    var r =
        signedIn(user)
            .post(
                "/api/v1/account/password/check",
                Browser.body("password", user.username() + "-2024-!!"));

    assertThat(r.json().get("reason").asString()).isEqualTo("contains-personal-info");
  }

  @Test
  void changeEndsOtherSessionsButKeepsThisOne() {
    User user = createUser(newUsername("traveller"), Role.MEMBER);
    Browser laptop = signedIn(user);
    Browser phone = signedIn(user);

    assertThat(change(laptop, STRONG, NEW_PASSWORDS[1]).status()).isEqualTo(204);

    assertThat(laptop.get("/api/v1/session").json().get("authenticated").asBoolean()).isTrue();
    assertThat(phone.get("/api/v1/session").json().get("authenticated").asBoolean()).isFalse();
    assertThat(phone.post("/api/v1/account/password/check", Browser.body("password", "x")).status())
        .isEqualTo(401);
  }

  @Test
  void wrongCurrentPasswordIsRefusedAndAudited() {
    User user = createUser(newUsername("forgetful"), Role.MEMBER);
    String before = storedHash(user);

    var r = change(signedIn(user), "not my password at all", NEW_PASSWORDS[2]);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asString()).isEqualTo("current-password-wrong");
    assertThat(storedHash(user)).isEqualTo(before);
    assertThat(
            jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE event = :e AND subject = :u")
                .param("e", "PASSWORD_CHANGE_FAILED")
                .param("u", user.username())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void guessingTheCurrentPasswordIsLimitedPerUser() {
    User user = createUser(newUsername("hijacked"), Role.MEMBER);
    for (int i = 0; i < AccountLimits.Limit.CURRENT_PASSWORD.capacity; i++) {
      // Each guess from a different browser (address): the limit is per user.
      assertThat(change(signedIn(user), "guess number " + i + " wrong", NEW_PASSWORDS[3]).status())
          .isEqualTo(400);
    }

    var r = change(signedIn(user), STRONG, NEW_PASSWORDS[3]);

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.json().get("code").asString()).isEqualTo("throttled");
    assertThat(r.header("Retry-After")).isNotNull();
    assertThat(signsIn(user, STRONG)).isTrue();
  }

  @Test
  void rightCurrentPasswordsDoNotUseUpTheGuessingLimit() {
    User user = createUser(newUsername("fickle"), Role.MEMBER);
    Browser b = signedIn(user);
    for (int i = 0; i < AccountLimits.Limit.CURRENT_PASSWORD.capacity + 1; i++) {
      // Right current password, refused new one: not a guess.
      assertThat(change(b, STRONG, "password1234").status()).isEqualTo(400);
    }

    assertThat(change(b, STRONG, NEW_PASSWORDS[4]).status()).isEqualTo(204);
  }

  @Test
  void apiTokenCannotChangeThePassword() {
    User user = createUser(newUsername("scripted"), Role.MEMBER);
    var created =
        signedIn(user)
            .post(
                "/api/v1/account/tokens",
                Browser.body(
                    "name",
                    "notices",
                    "scopes",
                    new String[] {"account:read"},
                    "expiresInDays",
                    30));
    String token = created.json().get("token").asString();
    Browser script = browser();
    String before = storedHash(user);

    var r =
        script.send(
            script
                .request("/api/v1/account/password")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"currentPassword\":\""
                            + STRONG
                            + "\",\"newPassword\":\""
                            + NEW_PASSWORDS[0]
                            + "\"}")));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(storedHash(user)).isEqualTo(before);
  }

  @Test
  void signedOutRequestsAreRefused() {
    var r = change(browser(), STRONG, NEW_PASSWORDS[0]);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }

  @Test
  void changeIsAudited() {
    User user = createUser(newUsername("audited"), Role.MEMBER);
    change(signedIn(user), STRONG, NEW_PASSWORDS[5]);

    assertThat(
            jdbc.sql(
                    "SELECT COUNT(*) FROM audit_log WHERE event = 'PASSWORD_CHANGED' AND subject = :u")
                .param("u", user.username())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }
}
