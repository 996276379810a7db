package org.conclave.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one-time administrator set-up link, over HTTPS, in a database with no administrator. */
class SetupLinkApiTest extends IsolatedAccountApiTest {

  private String token;

  @BeforeEach
  void noAdministratorYetAndAFreshLink() {
    // Earlier tests in this application completed the set-up; make this one start before it.
    jdbc.sql("UPDATE users SET role = 'MEMBER' WHERE role = 'ADMIN'").update();
    token = accounts.setupLinkIfNeeded().orElseThrow();
  }

  private Browser.Response setUp(Browser b, String token, String username, String password) {
    return b.post(
        "/api/v1/public/setup",
        Browser.body(
            "token",
            token,
            "username",
            username,
            "displayName",
            "First Administrator",
            "email",
            username + "@example.org",
            "password",
            password));
  }

  @Test
  void freshLinkChecksValid() {
    var r = browser().post("/api/v1/public/setup/check", Browser.body("token", token));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("valid").asBoolean()).isTrue();
  }

  @Test
  void unknownLinkChecksInvalid() {
    var r =
        browser()
            .post("/api/v1/public/setup/check", Browser.body("token", token.substring(1) + "x"));

    assertThat(r.json().get("valid").asBoolean()).isFalse();
  }

  @Test
  void setUpLinkCreatesAnAdministratorWhoCanSignIn() {
    String username = newUsername("root");

    var r = setUp(browser(), token, username, STRONG);

    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().get("username").asString()).isEqualTo(username);
    assertThat(accounts.setupLinkValid(token)).isFalse();
    User admin =
        jdbc.sql("SELECT * FROM users WHERE username = :u")
            .param("u", username)
            .query(Users.ROW)
            .single();
    assertThat(admin.role()).isEqualTo(Role.ADMIN);
    var signIn =
        browser()
            .post("/api/v1/auth/sign-in", Browser.body("username", username, "password", STRONG));
    assertThat(signIn.status()).isEqualTo(200);
  }

  @Test
  void setUpLinkWorksOnlyOnce() {
    assertThat(setUp(browser(), token, newUsername("root"), STRONG).status()).isEqualTo(201);
    // Even once no administrator is left, a used link stays used.
    jdbc.sql("UPDATE users SET role = 'MEMBER' WHERE role = 'ADMIN'").update();
    long before = userCount();

    var again = setUp(browser(), token, newUsername("second"), STRONG);

    assertThat(again.status()).isEqualTo(410);
    assertThat(again.contentType()).startsWith("application/problem+json");
    assertThat(again.json().get("code").asString()).isEqualTo("link-invalid");
    assertThat(userCount()).isEqualTo(before);
  }

  @Test
  void expiredSetUpLinkIsRefused() {
    clock.advance(Duration.ofMinutes(61));
    long before = userCount();

    var check = browser().post("/api/v1/public/setup/check", Browser.body("token", token));
    var use = setUp(browser(), token, newUsername("late"), STRONG);

    assertThat(check.json().get("valid").asBoolean()).isFalse();
    assertThat(use.status()).isEqualTo(410);
    assertThat(use.json().get("code").asString()).isEqualTo("link-invalid");
    assertThat(userCount()).isEqualTo(before);
  }

  @Test
  void setUpLinkStillWorksJustBeforeTheHourIsUp() {
    clock.advance(Duration.ofMinutes(59));

    assertThat(setUp(browser(), token, newUsername("prompt"), STRONG).status()).isEqualTo(201);
  }

  @Test
  void weakPasswordIsRefusedAndTheLinkStaysUsable() {
    long before = userCount();

    var weak = setUp(browser(), token, newUsername("root"), "password1234");

    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.json().get("code").asString()).isEqualTo("too-common");
    assertThat(userCount()).isEqualTo(before);
    assertThat(accounts.setupLinkValid(token)).isTrue();
    assertThat(setUp(browser(), token, newUsername("root"), STRONG).status()).isEqualTo(201);
  }

  @Test
  void newerLinkReplacesTheOlderOne() {
    String newer = accounts.setupLinkIfNeeded().orElseThrow();

    assertThat(setUp(browser(), token, newUsername("old"), STRONG).status()).isEqualTo(410);
    assertThat(setUp(browser(), newer, newUsername("new"), STRONG).status()).isEqualTo(201);
  }

  @Test
  void setUpIsAudited() {
    String username = newUsername("root");
    setUp(browser(), token, username, STRONG);

    var events =
        jdbc.sql("SELECT event FROM audit_log WHERE subject = :u ORDER BY seq")
            .param("u", username)
            .query(String.class)
            .list();
    assertThat(events).containsExactly("SETUP_COMPLETED", "USER_CREATED");
  }
}
