package org.conclave.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.conclave.server.account.Role;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.conclave.server.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/** Idle timeout (30 min by default) and absolute lifetime (12 h), with a clock the test moves. */
@Import(MutableClock.Config.class)
class SessionLifetimeApiTest extends ApiTest {

  @Autowired MutableClock clock;

  private static boolean signedIn(Browser b) {
    return b.get("/api/v1/session").json().get("authenticated").asBoolean();
  }

  @Test
  void sessionLeftIdleLongerThanTheIdleTimeoutEnds() {
    Browser b = signedIn(createUser(newUsername("idle"), Role.MEMBER));

    clock.advance(Duration.ofMinutes(31));

    assertThat(signedIn(b)).isFalse();
  }

  @Test
  void sessionInUseOutlivesTheIdleTimeout() {
    Browser b = signedIn(createUser(newUsername("busy"), Role.MEMBER));

    clock.advance(Duration.ofMinutes(20));
    assertThat(signedIn(b)).isTrue();
    clock.advance(Duration.ofMinutes(20));

    assertThat(signedIn(b)).isTrue();
  }

  @Test
  void sessionInUseStillEndsAtTheAbsoluteLifetime() {
    Browser b = signedIn(createUser(newUsername("marathon"), Role.MEMBER));
    // Keep it busy every 25 minutes for just under 12 hours: never idle too long.
    for (int i = 0; i < 28; i++) {
      clock.advance(Duration.ofMinutes(25));
      assertThat(signedIn(b)).as("still alive after %d minutes", (i + 1) * 25).isTrue();
    }
    clock.advance(Duration.ofMinutes(25)); // 725 minutes: past 12 hours

    assertThat(signedIn(b)).isFalse();
  }

  @Test
  void endedSessionIsNoLongerListed() {
    var user = createUser(newUsername("listed"), Role.MEMBER);
    signedIn(user);
    clock.advance(Duration.ofMinutes(31));
    Browser fresh = signedIn(user);

    var list = fresh.get("/api/v1/account/sessions").json();

    assertThat(list.size()).isEqualTo(1);
    assertThat(list.get(0).get("current").asBoolean()).isTrue();
  }
}
