package org.conclave.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;

class SessionFixationApiTest extends ApiTest {

  private static void signIn(Browser b, User user) {
    var r =
        b.post(
            "/api/v1/auth/sign-in", Browser.body("username", user.username(), "password", STRONG));
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void sessionCookieChangesAtEverySignIn() {
    User user = createUser(newUsername("rotating"), Role.MEMBER);
    Browser b = signedIn(user);
    String before = b.cookie(SessionCookie.NAME);

    signIn(b, user);

    String after = b.cookie(SessionCookie.NAME);
    assertThat(after).isNotBlank().isNotEqualTo(before);
  }

  @Test
  void sessionTokenPlantedBeforeSignInIsWorthlessAfterwards() {
    // The attacker signs in as themselves and plants their session token in the victim's browser.
    Browser attacker = signedIn(createUser(newUsername("planter"), Role.MEMBER));
    String planted = attacker.cookie(SessionCookie.NAME);
    User victim = createUser(newUsername("planted"), Role.MEMBER);
    Browser victimBrowser = browser();
    victimBrowser.plantCookie(SessionCookie.NAME, planted);

    signIn(victimBrowser, victim);

    assertThat(victimBrowser.cookie(SessionCookie.NAME)).isNotEqualTo(planted);
    var attackerView = attacker.get("/api/v1/session").json();
    assertThat(attackerView.get("authenticated").asBoolean()).isFalse();
    var victimView = victimBrowser.get("/api/v1/session").json();
    assertThat(victimView.get("user").get("username").asString()).isEqualTo(victim.username());
  }

  @Test
  void madeUpSessionTokenIsReplacedAtSignIn() {
    User user = createUser(newUsername("madeup"), Role.MEMBER);
    Browser b = browser();
    String invented = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    b.plantCookie(SessionCookie.NAME, invented);
    assertThat(b.get("/api/v1/session").json().get("authenticated").asBoolean()).isFalse();

    signIn(b, user);

    assertThat(b.cookie(SessionCookie.NAME)).isNotEqualTo(invented);
    Browser withInvented = browser();
    withInvented.plantCookie(SessionCookie.NAME, invented);
    assertThat(withInvented.get("/api/v1/session").json().get("authenticated").asBoolean())
        .isFalse();
  }
}
