package org.conclave.server.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.conclave.server.account.Role;
import org.conclave.server.auth.SessionCookie;
import org.conclave.server.common.KeyFiles;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class TotpApiTest extends MfaTestSupport {

  @Autowired JdbcClient jdbc;
  @Autowired KeyFiles keyFiles;

  @Test
  void passwordAndTotpSignInReachesAccountEndpoints() {
    var user = createUser(newUsername("totp"), Role.MEMBER);
    Totp totp = enrolTotp(signedIn(user));
    Browser b = browser();

    var first = passwordStep(b, user);
    assertThat(first.json().get("stage").asString()).isEqualTo("second-factor");
    assertThat(first.json().get("methods").toString()).contains("totp", "recovery-code");
    var second =
        b.post("/api/v1/auth/second-factor/totp", Browser.body("code", totp.code(totp.step() + 1)));

    assertThat(second.status()).as(second.toString()).isEqualTo(200);
    assertThat(second.json().get("stage").asString()).isEqualTo("signed-in");
    var account = b.get("/api/v1/account/second-factors");
    assertThat(account.status()).isEqualTo(200);
    assertThat(account.json().get("totpEnabled").asBoolean()).isTrue();
    assertThat(account.json().get("recoveryCodesLeft").asInt()).isEqualTo(10);
    assertThat(b.get("/api/v1/session").json().get("authenticated").asBoolean()).isTrue();
  }

  @Test
  void wrongTotpCodeIsRefused() {
    var user = createUser(newUsername("totp-wrong"), Role.MEMBER);
    Totp totp = enrolTotp(signedIn(user));
    Browser b = browser();
    passwordStep(b, user);
    String right = totp.code(totp.step() + 1);
    String wrong = String.format("%06d", (Integer.parseInt(right) + 1) % 1_000_000);

    var r = b.post("/api/v1/auth/second-factor/totp", Browser.body("code", wrong));

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.json().get("code").asString()).isEqualTo("second-factor-failed");
    assertThat(b.get("/api/v1/session").json().get("secondFactorPending").asBoolean()).isTrue();
    assertThat(b.get("/api/v1/account/second-factors").status()).isEqualTo(403);
  }

  @Test
  void theSameTotpCodeCannotBeUsedTwice() {
    var user = createUser(newUsername("totp-replay"), Role.MEMBER);
    Totp totp = enrolTotp(signedIn(user));
    String code = totp.code(totp.step() + 1);
    Browser first = browser();
    passwordStep(first, user);
    assertThat(first.post("/api/v1/auth/second-factor/totp", Browser.body("code", code)).status())
        .isEqualTo(200);
    Browser second = browser();
    passwordStep(second, user);

    var replay = second.post("/api/v1/auth/second-factor/totp", Browser.body("code", code));

    assertThat(replay.status()).isEqualTo(401);
  }

  @Test
  void theCodeUsedToConfirmEnrolmentCannotSignIn() {
    var user = createUser(newUsername("totp-confirm-replay"), Role.MEMBER);
    Totp totp = enrolTotp(signedIn(user));
    Browser b = browser();
    passwordStep(b, user);

    var r = b.post("/api/v1/auth/second-factor/totp", Browser.body("code", totp.code(totp.step())));

    assertThat(r.status()).isEqualTo(401);
  }

  @Test
  void aRecoveryCodeWorksOnceAndNotTwice() {
    var user = createUser(newUsername("recovery"), Role.MEMBER);
    Totp totp = enrolTotp(signedIn(user));
    String code = totp.recoveryCodes().get(3);
    Browser first = browser();
    passwordStep(first, user);

    var used = first.post("/api/v1/auth/second-factor/recovery-code", Browser.body("code", code));

    assertThat(used.status()).as(used.toString()).isEqualTo(200);
    assertThat(first.get("/api/v1/account/second-factors").json().get("recoveryCodesLeft").asInt())
        .isEqualTo(9);
    Browser second = browser();
    passwordStep(second, user);
    var again = second.post("/api/v1/auth/second-factor/recovery-code", Browser.body("code", code));
    assertThat(again.status()).isEqualTo(401);
  }

  @Test
  void recoveryCodesAreTenDistinctHumanFriendlyCodes() {
    var user = createUser(newUsername("recovery-format"), Role.MEMBER);
    Totp totp = enrolTotp(signedIn(user));

    assertThat(totp.recoveryCodes()).hasSize(10).doesNotHaveDuplicates();
    assertThat(totp.recoveryCodes())
        .allMatch(
            c -> c.matches("[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}"));
  }

  @Test
  void pendingSessionCannotReachAccountEndpoints() {
    var user = createUser(newUsername("pending"), Role.MEMBER);
    enrolTotp(signedIn(user));
    Browser b = browser();
    passwordStep(b, user);

    assertThat(b.get("/api/v1/account/second-factors").status()).isEqualTo(403);
    assertThat(b.post("/api/v1/account/totp/setup", Browser.body()).status()).isEqualTo(403);
    var session = b.get("/api/v1/session").json();
    assertThat(session.get("authenticated").asBoolean()).isFalse();
    assertThat(session.get("secondFactorPending").asBoolean()).isTrue();
  }

  @Test
  void theSessionTokenChangesAfterTheSecondFactorAndTheOldOneIsEnded() {
    var user = createUser(newUsername("fixation"), Role.MEMBER);
    Totp totp = enrolTotp(signedIn(user));
    Browser b = browser();
    passwordStep(b, user);
    String pendingToken = b.cookie(SessionCookie.NAME);

    b.post("/api/v1/auth/second-factor/totp", Browser.body("code", totp.code(totp.step() + 1)));

    String signedInToken = b.cookie(SessionCookie.NAME);
    assertThat(signedInToken).isNotBlank().isNotEqualTo(pendingToken);
    Browser other = browser();
    var withOldToken =
        other.send(
            other
                .request("/api/v1/session")
                .header("Cookie", SessionCookie.NAME + "=" + pendingToken)
                .GET());
    assertThat(withOldToken.json().get("user").isNull()).isTrue();
  }

  @Test
  void secondFactorAttemptsAreThrottledAfterFiveFailures() {
    var user = createUser(newUsername("totp-throttle"), Role.MEMBER);
    enrolTotp(signedIn(user));
    Browser b = browser();
    passwordStep(b, user);

    for (int i = 0; i < 5; i++) {
      var r = b.post("/api/v1/auth/second-factor/totp", Browser.body("code", "000000x"));
      assertThat(r.status()).isEqualTo(401);
    }
    var throttled = b.post("/api/v1/auth/second-factor/totp", Browser.body("code", "000000"));

    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.json().get("code").asString()).isEqualTo("throttled");
    assertThat(throttled.header("Retry-After")).isNotBlank();
    long audited =
        jdbc.sql(
                "SELECT COUNT(*) FROM audit_log WHERE event = 'SECOND_FACTOR_FAILED' AND subject = :u")
            .param("u", user.username())
            .query(Long.class)
            .single();
    assertThat(audited).isEqualTo(5);
  }

  @Test
  void theTotpSecretIsNotStoredInClear() throws Exception {
    var user = createUser(newUsername("totp-at-rest"), Role.MEMBER);
    Browser b = signedIn(user);
    String secret =
        b.post("/api/v1/account/totp/setup", Browser.body())
            .json()
            .get("secret")
            .asString()
            .replace(" ", "");

    String stored =
        jdbc.sql("SELECT totp_secret FROM users WHERE id = :id")
            .param("id", user.id())
            .query(String.class)
            .single();

    assertThat(stored).isNotBlank().startsWith("v1:");
    assertThat(stored.toUpperCase()).doesNotContain(secret).doesNotContain(secret.substring(0, 8));
    var keyFile = keyFiles.path("totp-secrets");
    assertThat(Files.exists(keyFile)).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
  }

  @Test
  void theQrCodeIsAnSvgOfThePendingSecretWithoutInlineStyle() {
    var user = createUser(newUsername("totp-qr"), Role.MEMBER);
    Browser b = signedIn(user);
    assertThat(b.get("/api/v1/account/totp/qr.svg").status()).isEqualTo(409);
    b.post("/api/v1/account/totp/setup", Browser.body());

    var qr = b.get("/api/v1/account/totp/qr.svg");

    assertThat(qr.status()).isEqualTo(200);
    assertThat(qr.contentType()).startsWith("image/svg+xml");
    assertThat(qr.header("Cache-Control")).contains("no-store");
    assertThat(qr.body())
        .contains("<svg")
        .contains("<path")
        .doesNotContain("style")
        .doesNotContain("script");
  }

  @Test
  void removingTotpNeedsTheCurrentPassword() {
    var user = createUser(newUsername("totp-remove"), Role.MEMBER);
    Browser b = signedIn(user);
    enrolTotp(b);

    var wrong =
        b.post("/api/v1/account/totp/remove", Browser.body("currentPassword", "not it at all"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.json().get("code").asString()).isEqualTo("current-password-wrong");
    var right = b.post("/api/v1/account/totp/remove", Browser.body("currentPassword", STRONG));

    assertThat(right.status()).isEqualTo(204);
    var overview = b.get("/api/v1/account/second-factors").json();
    assertThat(overview.get("totpEnabled").asBoolean()).isFalse();
    assertThat(overview.get("recoveryCodesLeft").asInt()).isZero();
    assertThat(passwordStep(browser(), user).json().get("stage").asString()).isEqualTo("signed-in");
  }

  @Test
  void regeneratedRecoveryCodesReplaceTheOldOnes() {
    var user = createUser(newUsername("recovery-new"), Role.MEMBER);
    Browser b = signedIn(user);
    Totp totp = enrolTotp(b);

    var refused = b.post("/api/v1/account/recovery-codes", Browser.body("currentPassword", "nope"));
    var renewed = b.post("/api/v1/account/recovery-codes", Browser.body("currentPassword", STRONG));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(renewed.status()).isEqualTo(200);
    String fresh = renewed.json().get("recoveryCodes").get(0).asString();
    Browser old = browser();
    passwordStep(old, user);
    assertThat(
            old.post(
                    "/api/v1/auth/second-factor/recovery-code",
                    Browser.body("code", totp.recoveryCodes().get(0)))
                .status())
        .isEqualTo(401);
    assertThat(
            old.post("/api/v1/auth/second-factor/recovery-code", Browser.body("code", fresh))
                .status())
        .isEqualTo(200);
  }

  @Test
  void enrollingTheFirstSecondFactorEndsOtherSessions() {
    var user = createUser(newUsername("totp-others"), Role.MEMBER);
    Browser elsewhere = signedIn(user);
    // A request first: the session must not be remembered anywhere but in our own session table.
    assertThat(elsewhere.get("/api/v1/account/second-factors").status()).isEqualTo(200);
    Browser here = signedIn(user);

    enrolTotp(here);

    assertThat(elsewhere.get("/api/v1/session").json().get("authenticated").asBoolean()).isFalse();
    assertThat(elsewhere.get("/api/v1/account/second-factors").status()).isEqualTo(401);
    assertThat(here.get("/api/v1/session").json().get("authenticated").asBoolean()).isTrue();
  }
}
