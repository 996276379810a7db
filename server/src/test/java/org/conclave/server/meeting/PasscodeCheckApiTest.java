package org.conclave.server.meeting;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.account.Role;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;

/** The scheduling form's live passcode hint gives the same verdict creating a meeting would. */
class PasscodeCheckApiTest extends ApiTest {

  private static final String PATH = "/api/v1/meetings/passcode-check";

  @Test
  void commonPasscodeIsRefusedWithTheReasonTheMeetingWouldGet() {
    Browser host = signedIn(createUser(newUsername("pc-host"), Role.HOST));

    var check = host.post(PATH, Browser.body("passcode", "12345678"));
    var create =
        host.post("/api/v1/meetings", Browser.body("kind", "INSTANT", "passcode", "12345678"));

    assertThat(check.status()).isEqualTo(200);
    assertThat(check.json().get("acceptable").asBoolean()).isFalse();
    assertThat(create.status()).isEqualTo(400);
    assertThat(create.json().get("code").asString())
        .isEqualTo("passcode-" + check.json().get("reason").asString());
  }

  @Test
  void passcodeBuiltFromTheTitleIsRefusedAsPersonalInformation() {
    Browser host = signedIn(createUser(newUsername("pc-title"), Role.HOST));

    var r =
        host.post(
            PATH,
            Browser.body(
                "passcode", "Quarterly Budget Review", "title", "Quarterly Budget Review"));

    assertThat(r.json().get("acceptable").asBoolean()).isFalse();
    assertThat(r.json().get("reason").asString()).isEqualTo("contains-personal-info");
  }

  @Test
  void strongPasscodeIsAccepted() {
    Browser host = signedIn(createUser(newUsername("pc-strong"), Role.HOST));

    var r = host.post(PATH, Browser.body("passcode", "lantern orbit 7 velvet"));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("acceptable").asBoolean()).isTrue();
  }

  @Test
  void signedOutCallerIsRefused() {
    var r = browser().post(PATH, Browser.body("passcode", "lantern orbit 7 velvet"));

    assertThat(r.status()).isEqualTo(401);
  }
}
