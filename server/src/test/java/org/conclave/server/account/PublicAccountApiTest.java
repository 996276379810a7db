package org.conclave.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The public settings, the live password check and closed self-registration (the default). */
class PublicAccountApiTest extends ApiTest {

  @Autowired JdbcClient jdbc;

  private long userCount() {
    return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
  }

  @Test
  void configTellsThePagesWhatTheyNeed() {
    var r = browser().get("/api/v1/public/config");

    assertThat(r.status()).isEqualTo(200);
    var config = r.json();
    assertThat(config.get("organisationName").asString()).isEqualTo("Conclave");
    assertThat(config.get("selfRegistration").asBoolean()).isFalse();
    assertThat(config.get("passwordMinLength").asInt()).isEqualTo(12);
    assertThat(config.get("passwordMaxLength").asInt()).isEqualTo(128);
    assertThat(config.get("oidc").get("enabled").asBoolean()).isFalse();
    assertThat(config.get("oidc").get("startUrl").isNull()).isTrue();
  }

  @Test
  void selfRegistrationIsRefusedWhenOff() {
    long before = userCount();

    var r =
        browser()
            .post(
                "/api/v1/public/register",
                Browser.body(
                    "username",
                    newUsername("hopeful"),
                    "displayName",
                    "Hopeful",
                    "email",
                    "hopeful@example.org",
                    "password",
                    STRONG));

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("code").asString()).isEqualTo("registration-closed");
    assertThat(userCount()).isEqualTo(before);
  }

  @Test
  void passwordCheckAcceptsAStrongPassword() {
    var r = browser().post("/api/v1/public/password-check", Browser.body("password", STRONG));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("acceptable").asBoolean()).isTrue();
    assertThat(r.json().get("score").asInt()).isEqualTo(4);
    assertThat(r.json().get("reason").isNull()).isTrue();
  }

  @Test
  void passwordCheckGivesTheReasonAndASentence() {
    var r =
        browser().post("/api/v1/public/password-check", Browser.body("password", "matkhau123456"));

    assertThat(r.json().get("acceptable").asBoolean()).isFalse();
    assertThat(r.json().get("reason").asString()).isEqualTo("too-common");
    assertThat(r.json().get("message").asString()).isNotBlank();
  }

  @Test
  void passwordCheckUsesTheNamesTyped() {
    var r =
        browser()
            .post(
                "/api/v1/public/password-check",
                Browser.body(
                    "password",
                    "Thuy.Duong.Pham#88",
                    "username",
                    "tdpham",
                    "displayName",
                    "Phạm Thùy Dương",
                    "email",
                    "tdpham@example.org"));

    assertThat(r.json().get("reason").asString()).isEqualTo("contains-personal-info");
  }

  @Test
  void passwordCheckRefusesUnknownFields() {
    var r =
        browser()
            .post(
                "/api/v1/public/password-check",
                Browser.body("password", STRONG, "rememberMe", true));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("code").asString()).isEqualTo("malformed-request");
  }

  @Test
  void passwordCheckIsLimitedPerAddress() {
    Browser b = browser();
    int limit = AccountLimits.Limit.PASSWORD_CHECK.capacity;
    int allowed = 0;
    Browser.Response last = b.post("/api/v1/public/password-check", Browser.body("password", "x"));
    // The allowance refills steadily, so a few more than its size may pass while this runs.
    while (last.status() == 200 && allowed <= 2 * limit) {
      allowed++;
      last = b.post("/api/v1/public/password-check", Browser.body("password", "x"));
    }

    assertThat(allowed).isBetween(limit, 2 * limit);
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.json().get("code").asString()).isEqualTo("throttled");
    assertThat(last.header("Retry-After")).isNotNull();
    assertThat(
            browser().post("/api/v1/public/password-check", Browser.body("password", "x")).status())
        .isEqualTo(200);
  }
}
