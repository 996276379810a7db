package org.conclave.server.auth.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.conclave.server.account.Role;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.conclave.server.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

/** Token expiry and the bad-token throttle's refill, with a clock the test moves. */
@Import(MutableClock.Config.class)
class ApiTokenExpiryApiTest extends ApiTest {

  @Autowired MutableClock clock;

  private Browser.Response withToken(String token, String address) {
    Browser b = browser().withoutCsrf().from(address);
    return b.send(
        b.request("/api/v1/account/notices").header("Authorization", "Bearer " + token).GET());
  }

  @Test
  void tokenStopsWorkingWhenItExpires() {
    Browser b = signedIn(createUser(newUsername("expiring"), Role.MEMBER));
    var created =
        b.post(
            "/api/v1/account/tokens",
            Browser.body("name", "a day", "scopes", List.of("account:read"), "expiresInDays", 1));
    String token = created.json().get("token").asString();
    clock.advance(Duration.ofHours(23));
    assertThat(withToken(token, "10.67.0.1").status()).isEqualTo(200);

    clock.advance(Duration.ofHours(1).plusMinutes(1));

    assertThat(withToken(token, "10.67.0.1").status()).isEqualTo(401);
  }

  @Test
  void throttledAddressMayTryAgainOnceTheWindowHasPassed() {
    String garbage = "cnv_" + "z".repeat(43);
    for (int i = 0; i < 21; i++) {
      withToken(garbage, "10.67.0.2");
    }
    assertThat(withToken(garbage, "10.67.0.2").status()).isEqualTo(429);

    clock.advance(Duration.ofMinutes(16));

    assertThat(withToken(garbage, "10.67.0.2").status()).isEqualTo(401);
  }
}
