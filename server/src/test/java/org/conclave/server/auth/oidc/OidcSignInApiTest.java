package org.conclave.server.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.conclave.server.account.Users;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.auth.SessionCookie;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Single sign-on against a real OpenID Connect provider (mock-oauth2-server) on loopback, driving
 * the authorization-code flow over HTTP the way a browser does: our server → provider → our
 * callback. The provider signs the ID token with its own keys; our server discovers the provider,
 * exchanges the code (with PKCE) and checks the token (signature, issuer, audience, nonce).
 */
class OidcSignInApiTest extends ApiTest {

  private static final String ISSUER_ID = "agency";
  private static final MockOAuth2Server PROVIDER = new MockOAuth2Server();

  static {
    PROVIDER.start();
  }

  @DynamicPropertySource
  static void singleSignOn(DynamicPropertyRegistry registry) {
    registry.add("conclave.oidc.enabled", () -> "true");
    registry.add("conclave.oidc.issuer-uri", () -> PROVIDER.issuerUrl(ISSUER_ID).toString());
    registry.add("conclave.oidc.client-id", () -> "conclave");
    registry.add("conclave.oidc.client-secret", () -> "conclave-client-secret");
  }

  @AfterAll
  static void stopProvider() {
    PROVIDER.shutdown();
  }

  @Autowired Users users;
  @Autowired AuditLog audit;
  @Autowired JdbcClient jdbc;

  /** What the provider will say about the person at the next sign-in. */
  private static void providerSays(String subject, Map<String, Object> claims) {
    PROVIDER.enqueueCallback(
        new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", null, claims, 3600));
  }

  private static Map<String, Object> claims(Object... keyValues) {
    Map<String, Object> map = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  private static Browser.Response follow(Browser b, String location) {
    return b.send(HttpRequest.newBuilder(URI.create(location)).GET());
  }

  /** Runs the whole flow and returns our server's answer to the provider's redirect back. */
  private Browser.Response singleSignOn(Browser b) {
    var start = b.get("/oauth2/authorization/oidc");
    assertThat(start.status()).as(start.toString()).isEqualTo(302);
    var atProvider = follow(b, start.header("Location"));
    assertThat(atProvider.status()).as(atProvider.toString()).isEqualTo(302);
    assertThat(atProvider.header("Location")).startsWith(b.base() + "/login/oauth2/code/oidc");
    return follow(b, atProvider.header("Location"));
  }

  private static JsonNode session(Browser b) {
    return b.get("/api/v1/session").json();
  }

  @Test
  void firstSingleSignOnCreatesAnAccountAndOpensOurSession() {
    String subject = "subject-" + newUsername("first");
    providerSays(
        subject,
        claims(
            "preferred_username",
            "Nguyễn.Thị.Hoa",
            "name",
            "Nguyễn Thị Hoa",
            "email",
            subject + "@agency.test",
            "email_verified",
            true));
    Browser b = browser();

    var done = singleSignOn(b);

    assertThat(done.status()).isEqualTo(302);
    assertThat(done.header("Location")).isEqualTo("/sso/complete.html");
    assertThat(b.cookie(SessionCookie.NAME)).isNotBlank();
    JsonNode s = session(b);
    assertThat(s.get("authenticated").asBoolean()).isTrue();
    assertThat(s.get("user").get("role").asString()).isEqualTo("MEMBER");
    assertThat(s.get("user").get("displayName").asString()).isEqualTo("Nguyễn Thị Hoa");
    assertThat(s.get("user").get("username").asString()).startsWith("nguyen.thi.hoa");
  }

  @Test
  void returningPersonIsFoundBySubjectEvenWhenTheirNamesChanged() {
    String subject = "subject-" + newUsername("returning");
    providerSays(subject, claims("preferred_username", "first-name-" + subject));
    Browser first = browser();
    singleSignOn(first);
    long firstId = session(first).get("user").get("id").asLong();

    providerSays(subject, claims("preferred_username", "renamed-" + subject));
    Browser second = browser();
    singleSignOn(second);

    assertThat(session(second).get("user").get("id").asLong()).isEqualTo(firstId);
  }

  @Test
  void verifiedEmailLinksTheExistingAccount() {
    User existing = createUser(newUsername("linked"), Role.HOST);
    providerSays(
        "subject-" + existing.username(),
        claims("email", existing.email(), "email_verified", true, "preferred_username", "x"));
    Browser b = browser();

    singleSignOn(b);

    JsonNode user = session(b).get("user");
    assertThat(user.get("id").asLong()).isEqualTo(existing.id());
    assertThat(user.get("role").asString()).isEqualTo("HOST");
  }

  @Test
  void unverifiedEmailDoesNotLinkTheExistingAccount() {
    User existing = createUser(newUsername("unlinked"), Role.ADMIN);
    providerSays(
        "subject-" + existing.username(),
        claims(
            "email", existing.email(), "email_verified", false, "preferred_username", "impostor"));
    Browser b = browser();

    singleSignOn(b);

    JsonNode user = session(b).get("user");
    assertThat(user.get("id").asLong()).isNotEqualTo(existing.id());
    assertThat(user.get("role").asString()).isEqualTo("MEMBER");
  }

  @Test
  void selfRegisteredAddressDoesNotLinkTheAccount() {
    // Someone registered with this address before its owner ever signed in: nobody proved it.
    User squatter = createUser(newUsername("squatter"), Role.MEMBER);
    jdbc.sql("UPDATE users SET email_verified = FALSE WHERE id = :id")
        .param("id", squatter.id())
        .update();
    providerSays(
        "subject-" + squatter.username(),
        claims("email", squatter.email(), "email_verified", true, "preferred_username", "owner"));
    Browser b = browser();

    singleSignOn(b);

    assertThat(session(b).get("user").get("id").asLong()).isNotEqualTo(squatter.id());
    assertThat(users.hasOidcLink(squatter.id())).isFalse();
  }

  @Test
  void takenUserNameGetsASuffix() {
    User existing = createUser(newUsername("taken"), Role.MEMBER);
    providerSays(
        "subject-other-" + existing.username(), claims("preferred_username", existing.username()));
    Browser b = browser();

    singleSignOn(b);

    JsonNode user = session(b).get("user");
    assertThat(user.get("id").asLong()).isNotEqualTo(existing.id());
    assertThat(user.get("username").asString()).isEqualTo(existing.username() + "-2");
  }

  @Test
  void disabledAccountIsRefused() {
    User existing = createUser(newUsername("disabledsso"), Role.MEMBER);
    accounts.setDisabled(existing.id(), true, Actor.system());
    providerSays(
        "subject-" + existing.username(),
        claims("email", existing.email(), "email_verified", true));
    Browser b = browser();

    var done = singleSignOn(b);

    assertThat(done.status()).isEqualTo(302);
    assertThat(done.header("Location")).isEqualTo("/sign-in?error=sso");
    assertThat(session(b).get("authenticated").asBoolean()).isFalse();
    assertThat(users.hasOidcLink(existing.id())).isFalse();
  }

  @Test
  void signInIsAuditedAsSingleSignOn() {
    String subject = "subject-" + newUsername("auditsso");
    providerSays(subject, claims("preferred_username", "audit-" + subject));
    Browser b = browser();

    singleSignOn(b);

    String username = session(b).get("user").get("username").asString();
    assertThat(audit.entries(0, Integer.MAX_VALUE))
        .anySatisfy(
            e -> {
              assertThat(e.event()).isEqualTo("SIGN_IN_SUCCEEDED");
              assertThat(e.subject()).isEqualTo(username);
              assertThat(e.detail()).contains("single sign-on");
            });
  }

  @Test
  void authorizationRequestUsesPkceAndNonce() {
    var start = browser().get("/oauth2/authorization/oidc");

    String location = start.header("Location");
    assertThat(location).startsWith(PROVIDER.authorizationEndpointUrl(ISSUER_ID).toString());
    assertThat(location)
        .contains("code_challenge=")
        .contains("code_challenge_method=S256")
        .contains("nonce=")
        .contains("state=")
        .contains("scope=openid");
  }

  @Test
  void temporaryHttpSessionEndsWithTheFlow() {
    providerSays("subject-" + newUsername("temporary"), claims());
    Browser b = browser();
    var start = b.get("/oauth2/authorization/oidc");
    var atProvider = follow(b, start.header("Location"));
    String callback = atProvider.header("Location");

    var done = follow(b, callback);

    assertThat(done.raw().headers().allValues("Set-Cookie"))
        .anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=;").contains("Max-Age=0"));
    // The flow's state went with the temporary session: replaying the callback gets nowhere.
    Browser replay = browser();
    var replayed = follow(replay, callback);
    assertThat(replayed.header("Location")).isEqualTo("/sign-in?error=sso");
    assertThat(session(replay).get("authenticated").asBoolean()).isFalse();
  }

  @Test
  void callbackWithoutAFlowInProgressIsRefused() {
    Browser b = browser();

    var r = b.get("/login/oauth2/code/oidc?code=made-up&state=made-up");

    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).isEqualTo("/sign-in?error=sso");
    assertThat(session(b).get("authenticated").asBoolean()).isFalse();
  }

  @Test
  void providerErrorEndsAtTheFriendlySignInPage() {
    Browser b = browser();
    var start = b.get("/oauth2/authorization/oidc");
    String state =
        URI.create(start.header("Location")).getRawQuery().replaceAll(".*state=([^&]*).*", "$1");

    var r = b.get("/login/oauth2/code/oidc?error=access_denied&state=" + state);

    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).isEqualTo("/sign-in?error=sso");
    assertThat(session(b).get("authenticated").asBoolean()).isFalse();
  }

  @Test
  void completionPageIsStaticWithItsScriptInASeparateFile() {
    var page = browser().get("/sso/complete.html");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("<script type=\"module\" src=\"/sso/complete.js\"></script>");
    assertThat(
            page.body().replace("<script type=\"module\" src=\"/sso/complete.js\"></script>", ""))
        .doesNotContain("<script");
    var script = browser().get("/sso/complete.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.body()).contains("location.replace('/account')");
  }
}
