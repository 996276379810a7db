package org.conclave.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.conclave.server.audit.Actor;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;

/** Invitations last seven days, measured by the application's clock. */
class InvitationExpiryApiTest extends IsolatedAccountApiTest {

  private String invite() {
    return accounts
        .invite(newUsername("late"), "Late Comer", null, Role.MEMBER, Actor.system())
        .inviteToken();
  }

  private Browser.Response accept(String token) {
    return browser()
        .post("/api/v1/public/invites/accept", Browser.body("token", token, "password", STRONG));
  }

  @Test
  void invitationWorksUntilTheSeventhDayEnds() {
    String token = invite();
    clock.advance(Duration.ofDays(7).minusMinutes(1));

    assertThat(accept(token).status()).isEqualTo(200);
  }

  @Test
  void expiredInvitationIsRefused() {
    String token = invite();
    clock.advance(Duration.ofDays(7).plusMinutes(1));

    var check = browser().post("/api/v1/public/invites/check", Browser.body("token", token));
    var use = accept(token);

    assertThat(check.json().get("valid").asBoolean()).isFalse();
    assertThat(use.status()).isEqualTo(410);
    assertThat(use.contentType()).startsWith("application/problem+json");
    assertThat(use.json().get("code").asString()).isEqualTo("link-invalid");
  }
}
