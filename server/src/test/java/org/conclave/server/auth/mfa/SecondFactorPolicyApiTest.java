package org.conclave.server.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.account.Role;
import org.conclave.server.auth.SessionCookie;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The organisation requires a second factor of hosts (and only of hosts) here. */
@TestPropertySource(properties = "conclave.accounts.require-second-factor-for=HOST")
class SecondFactorPolicyApiTest extends MfaTestSupport {

  @Test
  void aHostWithoutSecondFactorIsConfinedToEnrolment() {
    var host = createUser(newUsername("policy-host"), Role.HOST);
    Browser b = browser();

    var signIn = passwordStep(b, host);

    assertThat(signIn.json().get("stage").asString()).isEqualTo("signed-in");
    var session = b.get("/api/v1/session").json();
    assertThat(session.get("authenticated").asBoolean()).isTrue();
    assertThat(session.get("secondFactorEnrolmentRequired").asBoolean()).isTrue();
    var refused = b.post("/api/v1/account/recovery-codes", Browser.body("currentPassword", STRONG));
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("code").asString()).isEqualTo("second-factor-enrolment-required");
    assertThat(b.get("/api/v1/account/sessions").status()).isEqualTo(403);
    var overview = b.get("/api/v1/account/second-factors");
    assertThat(overview.status()).isEqualTo(200);
    assertThat(overview.json().get("required").asBoolean()).isTrue();
  }

  @Test
  void enrollingTotpLiftsTheRestrictionWithANewSession() {
    var host = createUser(newUsername("policy-enrol"), Role.HOST);
    Browser b = browser();
    passwordStep(b, host);
    String restrictedToken = b.cookie(SessionCookie.NAME);

    enrolTotp(b);

    assertThat(b.cookie(SessionCookie.NAME)).isNotEqualTo(restrictedToken);
    var session = b.get("/api/v1/session").json();
    assertThat(session.get("secondFactorEnrolmentRequired").asBoolean()).isFalse();
    assertThat(
            b.post("/api/v1/account/recovery-codes", Browser.body("currentPassword", STRONG))
                .status())
        .isEqualTo(200);
  }

  @Test
  void enrollingAPasskeyLiftsTheRestriction() {
    var host = createUser(newUsername("policy-passkey"), Role.HOST);
    Browser b = browser();
    passwordStep(b, host);

    var registered = registerPasskey(b, authenticator(), "Laptop");

    assertThat(registered.status()).as(registered.toString()).isEqualTo(200);
    assertThat(b.get("/api/v1/session").json().get("secondFactorEnrolmentRequired").asBoolean())
        .isFalse();
  }

  @Test
  void aMemberIsNotRestricted() {
    var member = createUser(newUsername("policy-member"), Role.MEMBER);
    Browser b = signedIn(member);

    assertThat(b.get("/api/v1/session").json().get("secondFactorEnrolmentRequired").asBoolean())
        .isFalse();
    assertThat(b.get("/api/v1/account/second-factors").json().get("required").asBoolean())
        .isFalse();
  }

  @Test
  void aHostCannotRemoveTheLastSecondFactor() {
    var host = createUser(newUsername("policy-last"), Role.HOST);
    Browser b = browser();
    passwordStep(b, host);
    enrolTotp(b);

    var r = b.post("/api/v1/account/totp/remove", Browser.body("currentPassword", STRONG));

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().get("code").asString()).isEqualTo("second-factor-required");
  }
}
