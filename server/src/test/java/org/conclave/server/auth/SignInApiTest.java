package org.conclave.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.account.Role;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;

class SignInApiTest extends ApiTest {

  @Test
  void correctPasswordSignsIn() {
    var user = createUser(newUsername("alice"), Role.MEMBER);
    Browser b = browser();

    var r =
        b.post(
            "/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", STRONG));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("stage").asString()).isEqualTo("signed-in");
    var session = b.get("/api/v1/session").json();
    assertThat(session.get("authenticated").asBoolean()).isTrue();
    assertThat(session.get("user").get("username").asString()).isEqualTo(user.username());
  }

  @Test
  void wrongPasswordAndUnknownAccountGetTheSameAnswer() {
    var user = createUser(newUsername("bob"), Role.MEMBER);

    var wrong =
        browser()
            .from("10.1.0.1")
            .post(
                "/api/v1/auth/sign-in",
                Browser.body("username", user.username(), "password", "nope nope nope"));
    var unknown =
        browser()
            .from("10.1.0.2")
            .post(
                "/api/v1/auth/sign-in",
                Browser.body("username", newUsername("nobody"), "password", "nope nope nope"));

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.json().get("detail")).isEqualTo(unknown.json().get("detail"));
    assertThat(wrong.json().get("code")).isEqualTo(unknown.json().get("code"));
    assertThat(wrong.contentType()).startsWith("application/problem+json");
  }

  @Test
  void sessionCookieIsHostOnlySecureHttpOnlyStrict() {
    var user = createUser(newUsername("carol"), Role.MEMBER);
    var r =
        browser()
            .post(
                "/api/v1/auth/sign-in",
                Browser.body("username", user.username(), "password", STRONG));

    String setCookie =
        r.raw().headers().allValues("Set-Cookie").stream()
            .filter(c -> c.startsWith(SessionCookie.NAME + "="))
            .findFirst()
            .orElseThrow();
    assertThat(setCookie)
        .contains("Secure")
        .contains("HttpOnly")
        .contains("SameSite=Strict")
        .contains("Path=/");
    assertThat(setCookie).doesNotContain("Domain=");
  }
}
