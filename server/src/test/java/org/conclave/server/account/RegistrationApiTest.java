package org.conclave.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;

/**
 * Self-registration, turned on in this application ({@code conclave.accounts.self-registration}).
 */
class RegistrationApiTest extends IsolatedAccountApiTest {

  private Browser.Response register(Browser b, String username, String password) {
    return b.post(
        "/api/v1/public/register",
        Browser.body(
            "username",
            username,
            "displayName",
            "Someone New",
            "email",
            username + "@example.org",
            "password",
            password));
  }

  @Test
  void configSaysRegistrationIsOpen() {
    assertThat(browser().get("/api/v1/public/config").json().get("selfRegistration").asBoolean())
        .isTrue();
  }

  @Test
  void registrationCreatesAMemberWhoCanSignIn() {
    String username = newUsername("newcomer");

    var r = register(browser(), username, STRONG);

    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().get("username").asString()).isEqualTo(username);
    assertThat(
            jdbc.sql("SELECT role FROM users WHERE username = :u")
                .param("u", username)
                .query(String.class)
                .single())
        .isEqualTo("MEMBER");
    var signIn =
        browser()
            .post("/api/v1/auth/sign-in", Browser.body("username", username, "password", STRONG));
    assertThat(signIn.status()).isEqualTo(200);
  }

  @Test
  void registeredAddressIsNotTakenAsVerified() {
    String username = newUsername("claimer");
    register(browser(), username, STRONG);

    boolean verified =
        jdbc.sql("SELECT email_verified FROM users WHERE username = :u")
            .param("u", username)
            .query(Boolean.class)
            .single();
    var users = new Users(jdbc);

    assertThat(verified).isFalse();
    assertThat(users.byEmail(username + "@example.org")).isPresent();
    assertThat(users.byVerifiedEmail(username + "@example.org")).isEmpty();
  }

  @Test
  void passwordMadeOfTheUserNameIsRefusedAndNothingIsStored() {
    String username = newUsername("vominhkhoa");
    long before = userCount();

    var r = register(browser(), username, username + "2024!");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asString()).isEqualTo("contains-personal-info");
    assertThat(userCount()).isEqualTo(before);
  }

  @Test
  void takenUserNameIsRefused() {
    String username = newUsername("twin");
    register(browser(), username, STRONG);

    var again = register(browser(), username.toUpperCase(), "quiet lantern drifts over marsh");

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().get("code").asString()).isEqualTo("account-exists");
  }

  @Test
  void invalidUserNameIsRefused() {
    var r = register(browser(), "has space", STRONG);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asString()).isEqualTo("invalid-username");
  }

  @Test
  void registrationsAreLimitedPerAddress() {
    Browser b = browser();
    for (int i = 0; i < 10; i++) {
      // Refused passwords cost no hashing but still count.
      assertThat(register(b, newUsername("bot"), "password1234").status()).isEqualTo(400);
    }

    var r = register(b, newUsername("bot"), STRONG);

    assertThat(r.status()).isEqualTo(429);
    assertThat(r.json().get("code").asString()).isEqualTo("throttled");
    assertThat(r.header("Retry-After")).isNotNull();
    assertThat(register(browser(), newUsername("human"), STRONG).status()).isEqualTo(201);
  }

  @Test
  void invalidUtf8IsRefusedAndNothingIsStored() {
    long before = userCount();
    byte[] start =
        "{\"username\":\"bad-utf8\",\"displayName\":\"".getBytes(StandardCharsets.US_ASCII);
    byte[] end =
        "\",\"password\":\"violet harbour tangerine cobble 47\"}"
            .getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[start.length + 2 + end.length];
    System.arraycopy(start, 0, body, 0, start.length);
    body[start.length] = (byte) 0xC3; // a lead byte followed by a byte that cannot continue it
    body[start.length + 1] = (byte) 0x28;
    System.arraycopy(end, 0, body, start.length + 2, end.length);

    var r = browser().postRaw("/api/v1/public/register", "application/json", body);

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(userCount()).isEqualTo(before);
  }
}
