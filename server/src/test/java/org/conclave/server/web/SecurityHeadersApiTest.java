package org.conclave.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.account.Role;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecurityHeadersApiTest extends ApiTest {

  private static void assertSecurityHeaders(Browser.Response r) {
    assertThat(r.header("Content-Security-Policy"))
        .as("CSP on %s", r)
        .contains("default-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline")
        .doesNotContain("http:")
        .doesNotContain("https:");
    assertThat(r.header("Strict-Transport-Security")).contains("max-age=");
    assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(r.header("Permissions-Policy")).contains("geolocation=()");
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/session",
        "/api/v1/openapi.json",
        "/no-such-page",
        "/api/v1/no-such-thing",
        "/api/v1/account/sessions",
        "/api/v1/admin/users"
      })
  void everyGetResponseCarriesTheSecurityHeaders(String path) {
    assertSecurityHeaders(browser().get(path));
  }

  @Test
  void errorResponsesCarryTheSecurityHeaders() {
    var r = browser().postRaw("/api/v1/auth/sign-in", "application/json", "{not json".getBytes());
    assertThat(r.status()).isEqualTo(400);
    assertSecurityHeaders(r);
  }

  @Test
  void csrfRefusalCarriesTheSecurityHeaders() {
    var r =
        browser()
            .withoutCsrf()
            .post("/api/v1/auth/sign-in", Browser.body("username", "x", "password", "y"));
    assertThat(r.status()).isEqualTo(403);
    assertSecurityHeaders(r);
  }

  @Test
  void requestWithoutCsrfTokenIsRefused() {
    var user = createUser(newUsername("csrf"), Role.MEMBER);
    var r =
        browser()
            .withoutCsrf()
            .post(
                "/api/v1/auth/sign-in",
                Browser.body("username", user.username(), "password", STRONG));
    assertThat(r.status()).isEqualTo(403);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("code").asString()).isEqualTo("csrf-token-missing");
  }

  @Test
  void signedInChangeWithoutCsrfTokenIsRefusedAndChangesNothing() {
    var user = createUser(newUsername("csrf"), Role.MEMBER);
    Browser b = signedIn(user);
    var r = b.withoutCsrf().post("/api/v1/auth/sign-out", Browser.body());
    assertThat(r.status()).isEqualTo(403);
    // Still signed in: the forged sign-out did nothing.
    assertThat(b.get("/api/v1/session").json().get("authenticated").asBoolean()).isTrue();
  }

  @Test
  void unauthenticatedApiRequestGetsProblemJson() {
    var r = browser().get("/api/v1/account/sessions");
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }
}
