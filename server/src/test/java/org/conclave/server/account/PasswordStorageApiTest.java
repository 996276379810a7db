package org.conclave.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.List;
import org.conclave.server.config.ConclaveProperties;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** What is stored for a password: Argon2id only, with the configured parameters. */
class PasswordStorageApiTest extends ApiTest {

  @Autowired JdbcClient jdbc;
  @Autowired ConclaveProperties properties;

  /** The start of every hash made with the configured parameters. */
  private String configuredPrefix() {
    ConclaveProperties.Argon2 a = properties.passwords().argon2();
    return "$argon2id$v=19$m=%d,t=%d,p=%d$"
        .formatted(a.memoryKib(), a.iterations(), a.parallelism());
  }

  private String storedHash(String username) {
    return jdbc.sql("SELECT password_hash FROM users WHERE username = :u")
        .param("u", username)
        .query(String.class)
        .single();
  }

  private List<String> historyHashes(String username) {
    return jdbc.sql(
            "SELECT h.password_hash FROM password_history h JOIN users u ON u.id = h.user_id"
                + " WHERE u.username = :u")
        .param("u", username)
        .query(String.class)
        .list();
  }

  private Browser.Response signIn(String username, String password) {
    return browser()
        .post("/api/v1/auth/sign-in", Browser.body("username", username, "password", password));
  }

  @Test
  void onlyArgon2idHashesAreStored() {
    // An invited user sets a password through the link, then changes it over HTTPS.
    User admin = createUser(newUsername("admin"), Role.ADMIN);
    String username = newUsername("hashed");
    var created =
        signedIn(admin)
            .post(
                "/api/v1/admin/users",
                Browser.body(
                    "username", username, "displayName", "Hashed", "email", null, "role", "HOST"));
    String token = created.json().get("inviteUrl").asString().split("#", 2)[1];
    browser()
        .post("/api/v1/public/invites/accept", Browser.body("token", token, "password", STRONG));
    var b = browser();
    b.post("/api/v1/auth/sign-in", Browser.body("username", username, "password", STRONG));
    var changed =
        b.post(
            "/api/v1/account/password",
            Browser.body(
                "currentPassword", STRONG, "newPassword", "amber kettle pioneer gravel 11"));
    assertThat(changed.status()).isEqualTo(204);

    assertThat(storedHash(username)).startsWith(configuredPrefix());
    assertThat(historyHashes(username))
        .hasSize(2)
        .allSatisfy(h -> assertThat(h).startsWith(configuredPrefix()));
    assertThat(
            jdbc.sql(
                    "SELECT COUNT(*) FROM users WHERE password_hash IS NOT NULL"
                        + " AND password_hash NOT LIKE '$argon2id$%'")
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  void hashMadeWithOtherParametersIsRedoneAtTheNextSignIn() {
    User user = createUser(newUsername("legacy"), Role.MEMBER);
    String old = new Argon2PasswordEncoder(16, 32, 1, 4096, 3).encode(STRONG);
    jdbc.sql("UPDATE users SET password_hash = :h WHERE id = :id")
        .param("h", old)
        .param("id", user.id())
        .update();
    assertThat(old).doesNotStartWith(configuredPrefix());

    var r = signIn(user.username(), STRONG);

    assertThat(r.status()).isEqualTo(200);
    String now = storedHash(user.username());
    assertThat(now).isNotEqualTo(old).startsWith(configuredPrefix());
    assertThat(signIn(user.username(), STRONG).status()).isEqualTo(200);
  }

  @Test
  void failedSignInDoesNotRehash() {
    User user = createUser(newUsername("legacy"), Role.MEMBER);
    String old = new Argon2PasswordEncoder(16, 32, 1, 4096, 3).encode(STRONG);
    jdbc.sql("UPDATE users SET password_hash = :h WHERE id = :id")
        .param("h", old)
        .param("id", user.id())
        .update();

    signIn(user.username(), "not the password at all");

    assertThat(storedHash(user.username())).isEqualTo(old);
  }

  @Test
  void composedAndDecomposedUnicodeAreTheSamePassword() {
    // Vietnamese keyboards send either precomposed letters or base letters plus combining marks.
    String composed = Normalizer.normalize("Mướp đắng xào trứng bảy quả", Normalizer.Form.NFC);
    String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
    assertThat(decomposed).isNotEqualTo(composed);
    User user = createUser(newUsername("unicode"), Role.MEMBER);
    Browser b = signedIn(user);
    var changed =
        b.post(
            "/api/v1/account/password",
            Browser.body("currentPassword", STRONG, "newPassword", composed));
    assertThat(changed.status()).as(changed.toString()).isEqualTo(204);

    assertThat(signIn(user.username(), decomposed).status()).isEqualTo(200);
  }
}
