package org.conclave.server.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.account.Role;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class PasskeyApiTest extends MfaTestSupport {

  @Autowired JdbcClient jdbc;

  @Test
  void registeringAPasskeyStoresItAndHandsOutRecoveryCodes() {
    var user = createUser(newUsername("pk-register"), Role.MEMBER);
    Browser b = signedIn(user);

    var r = registerPasskey(b, authenticator(), "Laptop");

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().get("name").asString()).isEqualTo("Laptop");
    assertThat(r.json().get("recoveryCodes")).hasSize(10);
    var overview = b.get("/api/v1/account/second-factors").json();
    assertThat(overview.get("passkeys")).hasSize(1);
    assertThat(overview.get("passkeys").get(0).get("name").asString()).isEqualTo("Laptop");
    assertThat(overview.get("passkeys").get(0).get("id").asLong())
        .isEqualTo(r.json().get("id").asLong());
  }

  @Test
  void passkeyWorksAsSecondFactorAfterThePassword() {
    var user = createUser(newUsername("pk-2fa"), Role.MEMBER);
    SoftwareAuthenticator key = authenticator();
    registerPasskey(signedIn(user), key, "Phone");
    Browser b = browser();

    var first = passwordStep(b, user);
    assertThat(first.json().get("stage").asString()).isEqualTo("second-factor");
    assertThat(first.json().get("methods").toString()).contains("passkey");
    JsonNode options = b.post("/api/v1/auth/second-factor/passkey/options", Browser.body()).json();
    assertThat(options.get("publicKey").get("allowCredentials")).hasSize(1);
    var second =
        b.post(
            "/api/v1/auth/second-factor/passkey",
            Browser.body(
                "challengeId",
                options.get("challengeId").asString(),
                "credential",
                key.authenticate(options.get("publicKey"))));

    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(second.json().get("stage").asString()).isEqualTo("signed-in");
    assertThat(b.get("/api/v1/account/second-factors").status()).isEqualTo(200);
  }

  @Test
  void passkeySignsInWithoutAPassword() {
    var user = createUser(newUsername("pk-passwordless"), Role.MEMBER);
    SoftwareAuthenticator key = authenticator();
    registerPasskey(signedIn(user), key, "Security key");
    Browser b = browser();

    var r = passwordless(b, key);

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    var session = b.get("/api/v1/session").json();
    assertThat(session.get("authenticated").asBoolean()).isTrue();
    assertThat(session.get("user").get("username").asString()).isEqualTo(user.username());
    assertThat(b.get("/api/v1/account/second-factors").status()).isEqualTo(200);
  }

  @Test
  void passwordlessSignInNeedsUserVerification() {
    var user = createUser(newUsername("pk-no-uv"), Role.MEMBER);
    SoftwareAuthenticator key = authenticator();
    registerPasskey(signedIn(user), key, "Key");
    key.withoutUserVerification();
    Browser b = browser();

    var r = passwordless(b, key);

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("code").asString()).isEqualTo("sign-in-failed");
    assertThat(b.get("/api/v1/session").json().get("authenticated").asBoolean()).isFalse();
  }

  @Test
  void registrationWithoutUserVerificationIsRefused() {
    var user = createUser(newUsername("pk-reg-no-uv"), Role.MEMBER);
    Browser b = signedIn(user);

    var r = registerPasskey(b, authenticator().withoutUserVerification(), "Old key");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asString()).isEqualTo("passkey-invalid");
    assertThat(b.get("/api/v1/account/second-factors").json().get("passkeys")).isEmpty();
  }

  @Test
  void aPasskeyMadeForAnotherOriginIsRefused() {
    var user = createUser(newUsername("pk-origin"), Role.MEMBER);
    Browser b = signedIn(user);
    JsonNode options = b.post("/api/v1/account/passkeys/options", Browser.body()).json();

    var r =
        b.post(
            "/api/v1/account/passkeys",
            Browser.body(
                "challengeId",
                options.get("challengeId").asString(),
                "name",
                "Phished",
                "credential",
                authenticator().register(options.get("publicKey"), "https://conclave.evil.test")));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asString()).isEqualTo("passkey-invalid");
  }

  @Test
  void aSignCountThatDoesNotIncreaseIsRefused() {
    var user = createUser(newUsername("pk-clone"), Role.MEMBER);
    SoftwareAuthenticator key = authenticator();
    registerPasskey(signedIn(user), key, "Key");
    assertThat(passwordless(browser(), key).status()).isEqualTo(200);
    assertThat(passwordless(browser(), key).status()).isEqualTo(200);

    key.setSignCount(key.signCount() - 2); // a clone that last saw an older count
    var r = passwordless(browser(), key);

    assertThat(r.status()).isEqualTo(401);
    assertThat(
            jdbc.sql(
                    """
                    SELECT COUNT(*) FROM audit_log
                    WHERE event = 'SIGN_IN_FAILED' AND detail LIKE '%cloned%'""")
                .query(Long.class)
                .single())
        .isPositive();
  }

  @Test
  void aChallengeCanBeUsedOnlyOnce() {
    var user = createUser(newUsername("pk-challenge"), Role.MEMBER);
    SoftwareAuthenticator key = authenticator();
    registerPasskey(signedIn(user), key, "Key");
    Browser b = browser();
    JsonNode options = b.post("/api/v1/auth/passkey/options", Browser.body()).json();
    String challengeId = options.get("challengeId").asString();
    var once =
        b.post(
            "/api/v1/auth/passkey",
            Browser.body(
                "challengeId",
                challengeId,
                "credential",
                key.authenticate(options.get("publicKey"))));
    assertThat(once.status()).isEqualTo(200);

    var twice =
        browser()
            .post(
                "/api/v1/auth/passkey",
                Browser.body(
                    "challengeId",
                    challengeId,
                    "credential",
                    key.authenticate(options.get("publicKey"))));

    assertThat(twice.status()).isEqualTo(401);
  }

  @Test
  void aPasskeyCanBeDeletedByItsOwnerOnly() {
    var owner = createUser(newUsername("pk-owner"), Role.MEMBER);
    var other = createUser(newUsername("pk-other"), Role.MEMBER);
    Browser b = signedIn(owner);
    long id = registerPasskey(b, authenticator(), "Key").json().get("id").asLong();

    var byOther = signedIn(other).delete("/api/v1/account/passkeys/" + id);
    assertThat(byOther.status()).isEqualTo(404);
    var byOwner = b.delete("/api/v1/account/passkeys/" + id);

    assertThat(byOwner.status()).isEqualTo(204);
    var overview = b.get("/api/v1/account/second-factors").json();
    assertThat(overview.get("passkeys")).isEmpty();
    assertThat(overview.get("recoveryCodesLeft").asInt()).isZero();
    assertThat(passwordStep(browser(), owner).json().get("stage").asString())
        .isEqualTo("signed-in");
  }

  @Test
  void enrolmentAndUseAreAudited() {
    var user = createUser(newUsername("pk-audit"), Role.MEMBER);
    SoftwareAuthenticator key = authenticator();
    registerPasskey(signedIn(user), key, "Key");
    passwordless(browser(), key);

    var events =
        jdbc.sql("SELECT event FROM audit_log WHERE subject = :u ORDER BY seq")
            .param("u", user.username())
            .query(String.class)
            .list();
    assertThat(events).contains("SECOND_FACTOR_ENROLLED", "SIGN_IN_SUCCEEDED");
  }

  @Test
  void malformedRegistrationsAreRefusedAndStoreNothing() {
    var user = createUser(newUsername("pk-garbage"), Role.MEMBER);
    Browser b = signedIn(user);
    JsonNode options = b.post("/api/v1/account/passkeys/options", Browser.body()).json();
    @SuppressWarnings("unchecked")
    var credential =
        (java.util.Map<String, Object>) authenticator().register(options.get("publicKey"));
    @SuppressWarnings("unchecked")
    var response = (java.util.Map<String, Object>) credential.get("response");
    response.put("attestationObject", "bm90IGNib3IgYXQgYWxs");

    var garbage =
        b.post(
            "/api/v1/account/passkeys",
            Browser.body(
                "challengeId",
                options.get("challengeId").asString(),
                "name",
                "X",
                "credential",
                credential));
    var unknownField =
        b.post(
            "/api/v1/account/passkeys",
            Browser.body("challengeId", "x", "name", "X", "credential", credential, "extra", 1));
    var longName =
        b.post(
            "/api/v1/account/passkeys",
            Browser.body("challengeId", "x", "name", "n".repeat(101), "credential", credential));

    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.json().get("code").asString()).isEqualTo("passkey-invalid");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.contentType()).startsWith("application/problem+json");
    assertThat(longName.status()).isEqualTo(400);
    assertThat(longName.json().get("code").asString()).isEqualTo("invalid-field");
    assertThat(b.get("/api/v1/account/second-factors").json().get("passkeys")).isEmpty();
  }

  @Test
  void aMalformedAssertionIsRefusedAsAFailedSignIn() {
    var user = createUser(newUsername("pk-bad-assertion"), Role.MEMBER);
    SoftwareAuthenticator key = authenticator();
    registerPasskey(signedIn(user), key, "Key");
    Browser b = browser();
    JsonNode options = b.post("/api/v1/auth/passkey/options", Browser.body()).json();
    @SuppressWarnings("unchecked")
    var credential = (java.util.Map<String, Object>) key.authenticate(options.get("publicKey"));
    @SuppressWarnings("unchecked")
    var response = (java.util.Map<String, Object>) credential.get("response");
    response.put("authenticatorData", "AAAA");

    var r =
        b.post(
            "/api/v1/auth/passkey",
            Browser.body(
                "challengeId", options.get("challengeId").asString(), "credential", credential));

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("code").asString()).isEqualTo("sign-in-failed");
  }

  private static Browser.Response passwordless(Browser b, SoftwareAuthenticator key) {
    JsonNode options = b.post("/api/v1/auth/passkey/options", Browser.body()).json();
    assertThat(options.get("publicKey").get("userVerification").asString()).isEqualTo("required");
    return b.post(
        "/api/v1/auth/passkey",
        Browser.body(
            "challengeId",
            options.get("challengeId").asString(),
            "credential",
            key.authenticate(options.get("publicKey"))));
  }
}
