package org.conclave.server.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.common.Secrets;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class ApiTokenApiTest extends ApiTest {

  @Autowired JdbcClient jdbc;
  @Autowired AuditLog audit;

  /** Creates a token through the API as this signed-in browser; returns the creation answer. */
  private static JsonNode createToken(Browser b, String name, List<String> scopes, int days) {
    var r =
        b.post(
            "/api/v1/account/tokens",
            Browser.body("name", name, "scopes", scopes, "expiresInDays", days));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** A request with only the bearer token: a fresh client, no cookies, no CSRF header. */
  private Browser.Response withToken(String method, String path, String token) {
    Browser b = browser().withoutCsrf();
    HttpRequest.Builder req =
        b.request(path)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    HttpRequest.BodyPublisher body =
        method.equals("GET") || method.equals("DELETE")
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"x\",\"scopes\":[\"account:read\"],\"expiresInDays\":1}");
    return b.send(req.method(method, body));
  }

  private Browser.Response metrics(String token) {
    Browser b = browser().withoutCsrf();
    return b.send(
        b.request("/api/v1/actuator/prometheus")
            .setHeader("Accept", "text/plain")
            .header("Authorization", "Bearer " + token)
            .GET());
  }

  private Browser.Response withToken(String path, String token) {
    return withToken("GET", path, token);
  }

  @Test
  void createdTokenHasTheRecognisablePrefixAndSignsRequestsIn() {
    User user = createUser(newUsername("robot"), Role.MEMBER);
    Browser b = signedIn(user);

    JsonNode created = createToken(b, "CI pipeline", List.of("account:read"), 30);

    String token = created.get("token").asString();
    assertThat(token).matches("cnv_[A-Za-z0-9_-]{43}");
    assertThat(created.get("name").asString()).isEqualTo("CI pipeline");
    assertThat(created.get("scopes").get(0).asString()).isEqualTo("account:read");
    assertThat(created.get("expiresAt").asLong()).isPositive();
    var session = withToken("/api/v1/session", token).json();
    assertThat(session.get("authenticated").asBoolean()).isTrue();
    assertThat(session.get("user").get("username").asString()).isEqualTo(user.username());
  }

  @Test
  void tokenIsShownOnlyOnce() {
    Browser b = signedIn(createUser(newUsername("once"), Role.MEMBER));
    String token = createToken(b, "once", List.of("account:read"), 7).get("token").asString();

    var list = b.get("/api/v1/account/tokens");

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().size()).isEqualTo(1);
    JsonNode listed = list.json().get(0);
    assertThat(listed.has("token")).isFalse();
    assertThat(listed.get("name").asString()).isEqualTo("once");
    assertThat(listed.get("lastUsedAt").isNull()).isTrue();
    assertThat(list.body()).doesNotContain(token.substring(4));
  }

  @Test
  void tokenIsStoredOnlyAsItsHash() {
    Browser b = signedIn(createUser(newUsername("hashed"), Role.MEMBER));
    JsonNode created = createToken(b, "hashed", List.of("account:read"), 7);
    String token = created.get("token").asString();

    Map<String, Object> row =
        jdbc.sql("SELECT * FROM api_tokens WHERE id = :id")
            .param("id", created.get("id").asLong())
            .query()
            .singleRow();

    assertThat(row.get("token_hash")).isEqualTo(Secrets.sha256Hex(token));
    assertThat(row.values()).noneSatisfy(v -> assertThat(String.valueOf(v)).contains(token));
    assertThat(row.values())
        .noneSatisfy(v -> assertThat(String.valueOf(v)).contains(token.substring(4)));
  }

  @Test
  void usingATokenRecordsWhenItWasLastUsed() {
    Browser b = signedIn(createUser(newUsername("used"), Role.MEMBER));
    String token = createToken(b, "used", List.of("account:read"), 7).get("token").asString();

    withToken("/api/v1/session", token);

    assertThat(b.get("/api/v1/account/tokens").json().get(0).get("lastUsedAt").asLong())
        .isPositive();
  }

  @Test
  void revokedTokenStopsWorking() {
    Browser b = signedIn(createUser(newUsername("revoker"), Role.MEMBER));
    JsonNode created = createToken(b, "short", List.of("account:read"), 7);
    String token = created.get("token").asString();
    assertThat(withToken("/api/v1/account/notices", token).status()).isEqualTo(200);

    var r = b.delete("/api/v1/account/tokens/" + created.get("id").asLong());

    assertThat(r.status()).isEqualTo(204);
    var refused = withToken("/api/v1/account/notices", token);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.json().get("code").asString()).isEqualTo("invalid-token");
    assertThat(b.get("/api/v1/account/tokens").json().size()).isZero();
  }

  @Test
  void anotherUsersTokenCannotBeRevoked() {
    Browser owner = signedIn(createUser(newUsername("tokenowner"), Role.MEMBER));
    JsonNode created = createToken(owner, "mine", List.of("account:read"), 7);
    Browser other = signedIn(createUser(newUsername("thief"), Role.ADMIN));

    var r = other.delete("/api/v1/account/tokens/" + created.get("id").asLong());

    assertThat(r.status()).isEqualTo(404);
    assertThat(withToken("/api/v1/account/notices", created.get("token").asString()).status())
        .isEqualTo(200);
  }

  @Test
  void tokenCreationAndRevocationAreAudited() {
    User user = createUser(newUsername("auditedtoken"), Role.MEMBER);
    Browser b = signedIn(user);
    JsonNode created = createToken(b, "audited", List.of("account:read"), 7);

    b.delete("/api/v1/account/tokens/" + created.get("id").asLong());

    var entries =
        audit.entries(0, Integer.MAX_VALUE).stream()
            .filter(e -> user.username().equals(e.subject()))
            .toList();
    assertThat(entries).anySatisfy(e -> assertThat(e.event()).isEqualTo("API_TOKEN_CREATED"));
    assertThat(entries).anySatisfy(e -> assertThat(e.event()).isEqualTo("API_TOKEN_REVOKED"));
    String secret = created.get("token").asString();
    assertThat(entries).noneSatisfy(e -> assertThat(String.valueOf(e.detail())).contains(secret));
  }

  @Test
  void tokenReachesOnlyWhatItsScopesOpen() {
    Browser b = signedIn(createUser(newUsername("scoped"), Role.MEMBER));
    String meetingsOnly =
        createToken(b, "meetings", List.of("meetings:read"), 7).get("token").asString();
    String accountRead =
        createToken(b, "account", List.of("account:read"), 7).get("token").asString();

    assertThat(withToken("/api/v1/account/notices", meetingsOnly).status()).isEqualTo(403);
    assertThat(withToken("/api/v1/account/notices", accountRead).status()).isEqualTo(200);
  }

  @Test
  void adminReadScopeCanOnlyBeGrantedByAnAdmin() {
    Browser member = signedIn(createUser(newUsername("wannabe"), Role.MEMBER));

    var r =
        member.post(
            "/api/v1/account/tokens",
            Browser.body("name", "admin", "scopes", List.of("admin:read"), "expiresInDays", 7));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.json().get("code").asString()).isEqualTo("scope-not-allowed");
    assertThat(member.get("/api/v1/account/tokens").json().size()).isZero();
  }

  @Test
  void adminReadScopeOpensTheAdminReadEndpointsForAnAdmin() {
    Browser admin = signedIn(createUser(newUsername("boss"), Role.ADMIN));
    String withScope =
        createToken(admin, "metrics", List.of("admin:read"), 7).get("token").asString();
    String without =
        createToken(admin, "account", List.of("account:read"), 7).get("token").asString();

    assertThat(metrics(withScope).status()).isEqualTo(200);
    assertThat(metrics(without).status()).isEqualTo(403);
  }

  @Test
  void aTokenCanNeverManageTokensOrSessions() {
    Browser b = signedIn(createUser(newUsername("confined"), Role.ADMIN));
    String token =
        createToken(
                b,
                "everything",
                List.of("account:read", "meetings:read", "meetings:write", "admin:read"),
                7)
            .get("token")
            .asString();

    assertThat(withToken("POST", "/api/v1/account/tokens", token).status()).isEqualTo(403);
    assertThat(withToken("GET", "/api/v1/account/tokens", token).status()).isEqualTo(403);
    assertThat(withToken("GET", "/api/v1/account/sessions", token).status()).isEqualTo(403);
    assertThat(withToken("POST", "/api/v1/account/sessions/sign-out-everywhere", token).status())
        .isEqualTo(403);
    assertThat(withToken("POST", "/api/v1/account/password", token).status()).isEqualTo(403);
    assertThat(withToken("POST", "/api/v1/account/totp/setup", token).status()).isEqualTo(403);
    assertThat(withToken("POST", "/api/v1/account/passkeys/options", token).status())
        .isEqualTo(403);
    assertThat(withToken("GET", "/api/v1/account/second-factors", token).status()).isEqualTo(403);
    assertThat(b.get("/api/v1/account/tokens").json().size()).isEqualTo(1);
  }

  @Test
  void bearerRequestNeedsNoCsrfToken() {
    Browser b = signedIn(createUser(newUsername("nocsrf"), Role.MEMBER));
    String token = createToken(b, "nocsrf", List.of("account:read"), 7).get("token").asString();

    var withoutToken = browser().withoutCsrf().post("/api/v1/auth/sign-out", "{}");
    var withTokenNoCsrf = withToken("POST", "/api/v1/auth/sign-out", token);

    assertThat(withoutToken.status()).isEqualTo(403);
    assertThat(withTokenNoCsrf.status()).isEqualTo(200);
  }

  @Test
  void invalidBearerTokenIsRefusedEvenWhereNoSignInIsNeeded() {
    var r = withToken("POST", "/api/v1/auth/sign-out", "cnv_" + "x".repeat(43));

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("code").asString()).isEqualTo("invalid-token");
    assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(r.header("Content-Security-Policy")).contains("default-src 'self'");
  }

  @Test
  void badBearerTokenDoesNotFallBackToTheSessionCookie() {
    Browser b = signedIn(createUser(newUsername("fallback"), Role.MEMBER));

    var r =
        b.send(
            b.request("/api/v1/account/sessions")
                .header("Authorization", "Bearer not-a-token")
                .GET());

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void lifetimeMustBeWithinTheMaximum() {
    Browser b = signedIn(createUser(newUsername("forever"), Role.MEMBER));

    var tooLong =
        b.post(
            "/api/v1/account/tokens",
            Browser.body("name", "x", "scopes", List.of("account:read"), "expiresInDays", 366));
    var zero =
        b.post(
            "/api/v1/account/tokens",
            Browser.body("name", "x", "scopes", List.of("account:read"), "expiresInDays", 0));
    var missing =
        b.post(
            "/api/v1/account/tokens", Browser.body("name", "x", "scopes", List.of("account:read")));

    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().get("code").asString()).isEqualTo("invalid-token-lifetime");
    assertThat(zero.status()).isEqualTo(400);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(b.get("/api/v1/account/tokens").json().size()).isZero();
  }

  @Test
  void unknownScopeIsRefusedAndNothingIsStored() {
    Browser b = signedIn(createUser(newUsername("greedy"), Role.MEMBER));

    var r =
        b.post(
            "/api/v1/account/tokens",
            Browser.body("name", "x", "scopes", List.of("account:write"), "expiresInDays", 7));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asString()).isEqualTo("invalid-scope");
    assertThat(b.get("/api/v1/account/tokens").json().size()).isZero();
  }

  @Test
  void disabledUsersTokensStopWorking() {
    User user = createUser(newUsername("leaver"), Role.MEMBER);
    String token =
        createToken(signedIn(user), "leaver", List.of("account:read"), 7).get("token").asString();
    assertThat(withToken("/api/v1/account/notices", token).status()).isEqualTo(200);

    accounts.setDisabled(user.id(), true, Actor.system());

    assertThat(withToken("/api/v1/account/notices", token).status()).isEqualTo(401);
  }

  @Test
  void tokensStayRevokedWhenADisabledUserIsEnabledAgain() {
    User user = createUser(newUsername("returner"), Role.MEMBER);
    String token =
        createToken(signedIn(user), "returner", List.of("account:read"), 7).get("token").asString();

    accounts.setDisabled(user.id(), true, Actor.system());
    accounts.setDisabled(user.id(), false, Actor.system());

    assertThat(withToken("/api/v1/account/notices", token).status()).isEqualTo(401);
  }

  @Test
  void manyBadTokensFromOneAddressAreThrottled() {
    String garbage = "cnv_" + "y".repeat(43);
    Browser prober = browser().withoutCsrf().from("10.66.0.1");
    for (int i = 0; i < 20; i++) {
      var r =
          prober.send(
              prober.request("/api/v1/session").header("Authorization", "Bearer " + garbage).GET());
      assertThat(r.status()).as("attempt %d", i + 1).isEqualTo(401);
    }

    var throttled =
        prober.send(
            prober.request("/api/v1/session").header("Authorization", "Bearer " + garbage).GET());
    Browser elsewhere = browser().withoutCsrf().from("10.66.0.2");
    var otherAddress =
        elsewhere.send(
            elsewhere
                .request("/api/v1/session")
                .header("Authorization", "Bearer " + garbage)
                .GET());

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.header("Retry-After")).isNotBlank();
    assertThat(otherAddress.status()).isEqualTo(401);
  }
}
