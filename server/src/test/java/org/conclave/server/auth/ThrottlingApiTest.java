package org.conclave.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.conclave.server.account.Role;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class ThrottlingApiTest extends ApiTest {

  @Autowired MeterRegistry meters;
  @Autowired JdbcClient jdbc;

  private static final String WRONG = "definitely not the password";

  private double hashes() {
    return meters.counter("conclave.password.hashes").count();
  }

  @Test
  void sixthRapidFailureOnOneAccountIsThrottled() {
    var user = createUser(newUsername("victim"), Role.MEMBER);
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // A new address each time: only the per-account limit can stop this.
      statuses.add(
          browser()
              .post(
                  "/api/v1/auth/sign-in",
                  Browser.body("username", user.username(), "password", WRONG))
              .status());
    }
    assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 429);
  }

  @Test
  void throttledAttemptComputesNoHash() {
    var user = createUser(newUsername("victim"), Role.MEMBER);
    for (int i = 0; i < 5; i++) {
      browser()
          .post(
              "/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", WRONG));
    }
    double before = hashes();

    var r =
        browser()
            .post(
                "/api/v1/auth/sign-in",
                Browser.body("username", user.username(), "password", STRONG));

    assertThat(r.status()).isEqualTo(429);
    assertThat(hashes()).isEqualTo(before);
  }

  @Test
  void throttledAnswerSaysWhenToRetry() {
    var user = createUser(newUsername("victim"), Role.MEMBER);
    Browser.Response last = null;
    for (int i = 0; i < 6; i++) {
      last =
          browser()
              .post(
                  "/api/v1/auth/sign-in",
                  Browser.body("username", user.username(), "password", WRONG));
    }
    assertThat(last.status()).isEqualTo(429);
    assertThat(last.contentType()).startsWith("application/problem+json");
    assertThat(last.json().get("code").asString()).isEqualTo("throttled");
    assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
  }

  @Test
  void sprayingOnePasswordAcrossFiftyAccountsFromOneAddressIsThrottled() {
    Browser sprayer = browser();
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      var user = createUser(newUsername("spray"), Role.MEMBER);
      statuses.add(
          sprayer
              .post(
                  "/api/v1/auth/sign-in",
                  Browser.body("username", user.username(), "password", "Summer2024!Summer2024!"))
              .status());
    }
    // The address's allowance (20 failures) is used up, then everything is refused unchecked.
    assertThat(statuses.subList(0, 20)).containsOnly(401);
    assertThat(statuses.subList(20, 50)).containsOnly(429);
  }

  @Test
  void throttlingOfAnUnknownAccountLooksTheSameAsOfAKnownOne() {
    var user = createUser(newUsername("known"), Role.MEMBER);
    String unknown = newUsername("unknown");
    Browser.Response known = null;
    Browser.Response none = null;
    for (int i = 0; i < 6; i++) {
      known =
          browser()
              .post(
                  "/api/v1/auth/sign-in",
                  Browser.body("username", user.username(), "password", WRONG));
      none =
          browser()
              .post("/api/v1/auth/sign-in", Browser.body("username", unknown, "password", WRONG));
    }
    assertThat(known.status()).isEqualTo(429).isEqualTo(none.status());
    assertThat(known.json().get("code")).isEqualTo(none.json().get("code"));
  }

  @Test
  void ownerOfAThrottledAccountIsToldAtTheirNextSignIn() {
    var user = createUser(newUsername("victim"), Role.MEMBER);
    for (int i = 0; i < 6; i++) {
      browser()
          .post(
              "/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", WRONG));
    }
    long notices =
        jdbc.sql("SELECT COUNT(*) FROM account_notices WHERE user_id = :u AND kind = :k")
            .param("u", user.id())
            .param("k", Notices.ACCOUNT_THROTTLED)
            .query(Long.class)
            .single();
    assertThat(notices).isEqualTo(1);
  }

  @Test
  void everyFailureAndThrottleIsAudited() {
    var user = createUser(newUsername("victim"), Role.MEMBER);
    for (int i = 0; i < 6; i++) {
      browser()
          .post(
              "/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", WRONG));
    }
    var events =
        jdbc.sql("SELECT event FROM audit_log WHERE subject = :s ORDER BY seq")
            .param("s", user.username())
            .query(String.class)
            .list();
    assertThat(events)
        .containsSubsequence(
            "SIGN_IN_FAILED",
            "SIGN_IN_FAILED",
            "SIGN_IN_FAILED",
            "SIGN_IN_FAILED",
            "SIGN_IN_FAILED",
            "SIGN_IN_THROTTLED");
  }

  @Test
  void browserThatSignedInBeforeIsNotLockedOutByAnAttacker() {
    var user = createUser(newUsername("owner"), Role.MEMBER);
    Browser owner = signedIn(user);
    owner.post("/api/v1/auth/sign-out", Browser.body());
    for (int i = 0; i < 8; i++) {
      browser()
          .post(
              "/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", WRONG));
    }
    assertThat(
            browser()
                .post(
                    "/api/v1/auth/sign-in",
                    Browser.body("username", user.username(), "password", STRONG))
                .status())
        .as("a stranger is throttled")
        .isEqualTo(429);

    var r =
        owner.post(
            "/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", STRONG));

    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void knownDeviceLosesItsTrustAfterFiveWrongPasswords() {
    var user = createUser(newUsername("owner"), Role.MEMBER);
    Browser device = signedIn(user);
    for (int i = 0; i < 5; i++) {
      device.post(
          "/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", WRONG));
    }
    // Lock the account for strangers; the device is a stranger again now.
    for (int i = 0; i < 6; i++) {
      browser()
          .post(
              "/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", WRONG));
    }
    var r =
        device.post(
            "/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", STRONG));
    assertThat(r.status()).isEqualTo(429);
  }

  @Test
  void unknownAndKnownAccountsCostExactlyOneHashEach() {
    var user = createUser(newUsername("known"), Role.MEMBER);
    double before = hashes();
    browser()
        .post("/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", WRONG));
    double known = hashes() - before;
    before = hashes();
    browser()
        .post(
            "/api/v1/auth/sign-in",
            Browser.body("username", newUsername("ghost"), "password", WRONG));
    double unknown = hashes() - before;
    // The same work either way, so response time does not reveal whether the account exists.
    assertThat(known).isEqualTo(1.0);
    assertThat(unknown).isEqualTo(1.0);
  }
}
