package org.conclave.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Malformed requests get a 4xx problem+json answer and change nothing. */
class BadInputApiTest extends ApiTest {

  @Autowired JdbcClient jdbc;

  private long sessions() {
    return jdbc.sql("SELECT COUNT(*) FROM user_sessions").query(Long.class).single();
  }

  private static void assertProblem(Browser.Response r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("code").asString()).isNotBlank();
    assertThat(r.json().get("detail").asString()).isNotBlank();
  }

  @Test
  void malformedJsonIsRefused() {
    assertProblem(
        browser().postRaw("/api/v1/auth/sign-in", "application/json", "{\"username\": ".getBytes()),
        400);
  }

  @Test
  void unknownFieldsAreRefused() {
    var user = createUser(newUsername("bad"), org.conclave.server.account.Role.MEMBER);
    long before = sessions();
    var r =
        browser()
            .post(
                "/api/v1/auth/sign-in",
                Browser.body("username", user.username(), "password", STRONG, "role", "ADMIN"));
    assertProblem(r, 400);
    assertThat(sessions()).isEqualTo(before);
  }

  @Test
  void invalidUtf8IsRefused() {
    byte[] body = "{\"username\":\"a\u0000\",\"password\":\"xx\"}".getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[body.length + 2];
    System.arraycopy(body, 0, bad, 0, 14);
    bad[14] = (byte) 0xC3; // a lead byte followed by an ASCII quote: not UTF-8
    bad[15] = (byte) 0x28;
    System.arraycopy(body, 14, bad, 16, body.length - 14);
    assertProblem(browser().postRaw("/api/v1/auth/sign-in", "application/json", bad), 400);
  }

  @Test
  void oversizedFieldIsRefusedWithTheFieldNamed() {
    var r =
        browser()
            .post(
                "/api/v1/auth/sign-in", Browser.body("username", "u".repeat(300), "password", "x"));
    assertProblem(r, 400);
    assertThat(r.json().get("detail").asString()).contains("username");
  }

  @Test
  void oversizedBodyIsRefused() {
    String huge = "{\"username\":\"" + "a".repeat(200_000) + "\",\"password\":\"x\"}";
    assertProblem(
        browser().postRaw("/api/v1/auth/sign-in", "application/json", huge.getBytes()), 413);
  }

  @Test
  void wrongContentTypeIsRefused() {
    assertProblem(
        browser().postRaw("/api/v1/auth/sign-in", "text/plain", "username=a&password=b".getBytes()),
        415);
  }

  @Test
  void missingFieldIsRefused() {
    assertProblem(browser().post("/api/v1/auth/sign-in", Browser.body("username", "a")), 400);
  }
}
