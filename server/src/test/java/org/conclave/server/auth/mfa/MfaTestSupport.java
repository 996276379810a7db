package org.conclave.server.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import com.bastiaanjansen.otp.TOTPGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.conclave.server.account.User;
import org.conclave.server.config.ConclaveProperties;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What the MFA tests share: enrolling TOTP the way the client does, computing codes like an
 * authenticator app (otp-java, from the manual key the server showed), and passkey round trips with
 * a {@link SoftwareAuthenticator}.
 *
 * <p>Codes are taken from time steps relative to the step at enrolment ({@code step}, {@code step +
 * 1}): the server accepts one step of drift either way, so a test never waits for the clock and
 * stays right even when a step boundary passes during it.
 */
abstract class MfaTestSupport extends ApiTest {

  @Autowired ConclaveProperties properties;

  /** TOTP as enrolled: the secret from the manual key, the step its first code came from. */
  record Totp(String secret, long step, List<String> recoveryCodes) {
    String code(long atStep) {
      return new TOTPGenerator.Builder(secret.getBytes(StandardCharsets.US_ASCII))
          .withPeriod(Duration.ofSeconds(30))
          .build()
          .at(Instant.ofEpochSecond(atStep * 30));
    }
  }

  static long currentStep() {
    return Math.floorDiv(System.currentTimeMillis(), 30_000L);
  }

  /** Sets up and confirms TOTP in this (signed-in) browser. */
  static Totp enrolTotp(Browser b) {
    var setup = b.post("/api/v1/account/totp/setup", Browser.body());
    assertThat(setup.status()).as(setup.toString()).isEqualTo(200);
    String secret = setup.json().get("secret").asString().replace(" ", "");
    long step = currentStep();
    Totp totp = new Totp(secret, step, List.of());
    var confirm = b.post("/api/v1/account/totp/confirm", Browser.body("code", totp.code(step)));
    assertThat(confirm.status()).as(confirm.toString()).isEqualTo(200);
    List<String> codes = new ArrayList<>();
    confirm.json().get("recoveryCodes").forEach(c -> codes.add(c.asString()));
    return new Totp(secret, step, codes);
  }

  /** Signs in with the password only; returns the sign-in answer. */
  Browser.Response passwordStep(Browser b, User user) {
    return b.post(
        "/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", STRONG));
  }

  SoftwareAuthenticator authenticator() {
    return new SoftwareAuthenticator(properties.publicUrl());
  }

  /** Registers the authenticator's passkey on the signed-in browser's account. */
  static Browser.Response registerPasskey(Browser b, SoftwareAuthenticator a, String name) {
    JsonNode options = b.post("/api/v1/account/passkeys/options", Browser.body()).json();
    return b.post(
        "/api/v1/account/passkeys",
        Browser.body(
            "challengeId",
            options.get("challengeId").asString(),
            "name",
            name,
            "credential",
            a.register(options.get("publicKey"))));
  }
}
