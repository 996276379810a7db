package org.conclave.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The administrators' user list, and what everyone else gets when they try it. */
class AdminUsersApiTest extends ApiTest {

  @Autowired JdbcClient jdbc;

  private User adminUser;
  private Browser admin;

  @BeforeEach
  void signInAnAdministrator() {
    adminUser = createUser(newUsername("admin"), Role.ADMIN);
    admin = signedIn(adminUser);
  }

  private long userCount() {
    return jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
  }

  private JsonNode listed(String username) {
    for (JsonNode u : admin.get("/api/v1/admin/users").json()) {
      if (u.get("username").asString().equals(username)) {
        return u;
      }
    }
    return null;
  }

  @Test
  void listShowsEveryAccountWithoutSecrets() {
    User host = createUser(newUsername("host"), Role.HOST);

    var r = admin.get("/api/v1/admin/users");

    assertThat(r.status()).isEqualTo(200);
    JsonNode u = listed(host.username());
    assertThat(u).isNotNull();
    assertThat(u.get("id").asLong()).isEqualTo(host.id());
    assertThat(u.get("displayName").asString()).isEqualTo(host.displayName());
    assertThat(u.get("email").asString()).isEqualTo(host.email());
    assertThat(u.get("role").asString()).isEqualTo("HOST");
    assertThat(u.get("disabled").asBoolean()).isFalse();
    assertThat(u.get("totpEnabled").asBoolean()).isFalse();
    assertThat(u.get("hasPassword").asBoolean()).isTrue();
    assertThat(u.get("createdAt").asString()).isNotBlank();
    assertThat(r.body()).doesNotContain("argon2").doesNotContain("passwordHash");
  }

  @Test
  void createdUserIsListedWithoutAPassword() {
    String username = newUsername("newbie");

    var r =
        admin.post(
            "/api/v1/admin/users",
            Browser.body(
                "username", username, "displayName", "New Bie", "email", null, "role", "HOST"));

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().get("user").get("username").asString()).isEqualTo(username);
    assertThat(r.json().get("user").get("role").asString()).isEqualTo("HOST");
    assertThat(listed(username).get("hasPassword").asBoolean()).isFalse();
  }

  @Test
  void takenUserNameIsRefused() {
    var r =
        admin.post(
            "/api/v1/admin/users",
            Browser.body(
                "username",
                adminUser.username(),
                "displayName",
                "Copy",
                "email",
                null,
                "role",
                "MEMBER"));

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().get("code").asString()).isEqualTo("account-exists");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-leading-dash", "has space", "x", "semi;colon"})
  void invalidUserNamesAreRefused(String username) {
    var r =
        admin.post(
            "/api/v1/admin/users",
            Browser.body(
                "username", username, "displayName", "Bad", "email", null, "role", "MEMBER"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asString()).isEqualTo("invalid-username");
  }

  @Test
  void invalidEmailIsRefused() {
    var r =
        admin.post(
            "/api/v1/admin/users",
            Browser.body(
                "username",
                newUsername("mail"),
                "displayName",
                "Mail",
                "email",
                "not an address",
                "role",
                "MEMBER"));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asString()).isEqualTo("invalid-email");
  }

  @Test
  void disablingEndsSessionsAndSignInUntilEnabled() {
    User member = createUser(newUsername("member"), Role.MEMBER);
    Browser memberBrowser = signedIn(member);

    var disabled = admin.post("/api/v1/admin/users/" + member.id() + "/disable", Browser.body());

    assertThat(disabled.status()).isEqualTo(204);
    assertThat(memberBrowser.get("/api/v1/session").json().get("authenticated").asBoolean())
        .isFalse();
    assertThat(listed(member.username()).get("disabled").asBoolean()).isTrue();
    var refused =
        browser()
            .post(
                "/api/v1/auth/sign-in",
                Browser.body("username", member.username(), "password", STRONG));
    assertThat(refused.status()).isEqualTo(401);

    assertThat(
            admin.post("/api/v1/admin/users/" + member.id() + "/enable", Browser.body()).status())
        .isEqualTo(204);
    assertThat(signedIn(member).get("/api/v1/session").json().get("authenticated").asBoolean())
        .isTrue();
  }

  @Test
  void administratorCannotDisableThemselves() {
    var r = admin.post("/api/v1/admin/users/" + adminUser.id() + "/disable", Browser.body());

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("code").asString()).isEqualTo("cannot-disable-self");
  }

  @Test
  void unknownUserIsNotFound() {
    var r = admin.post("/api/v1/admin/users/987654321/disable", Browser.body());

    assertThat(r.status()).isEqualTo(404);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }

  @Test
  void changesAreAudited() {
    User member = createUser(newUsername("member"), Role.MEMBER);
    admin.post("/api/v1/admin/users/" + member.id() + "/disable", Browser.body());
    admin.post("/api/v1/admin/users/" + member.id() + "/enable", Browser.body());
    admin.post("/api/v1/admin/users/" + member.id() + "/invite", Browser.body());

    var entries =
        jdbc.sql(
                "SELECT event, actor FROM audit_log WHERE subject = :u AND actor = :a ORDER BY seq")
            .param("u", member.username())
            .param("a", adminUser.username())
            .query((rs, n) -> rs.getString("event"))
            .list();
    assertThat(entries).containsExactly("USER_DISABLED", "USER_ENABLED", "USER_INVITED");
  }

  @ParameterizedTest
  @EnumSource(
      value = Role.class,
      names = {"HOST", "MEMBER"})
  void everyoneButAdministratorsIsRefused(Role role) {
    User someone = createUser(newUsername(role.name().toLowerCase()), role);
    User target = createUser(newUsername("target"), Role.MEMBER);
    Browser b = signedIn(someone);
    long before = userCount();

    var responses =
        new Browser.Response[] {
          b.get("/api/v1/admin/users"),
          b.post(
              "/api/v1/admin/users",
              Browser.body(
                  "username",
                  newUsername("sneaky"),
                  "displayName",
                  "Sneaky",
                  "email",
                  null,
                  "role",
                  "ADMIN")),
          b.post("/api/v1/admin/users/" + target.id() + "/disable", Browser.body()),
          b.post("/api/v1/admin/users/" + target.id() + "/enable", Browser.body()),
          b.post("/api/v1/admin/users/" + target.id() + "/invite", Browser.body())
        };

    for (Browser.Response r : responses) {
      assertThat(r.status()).as(r.toString()).isEqualTo(403);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.json().get("code").asString()).isEqualTo("forbidden");
    }
    assertThat(userCount()).isEqualTo(before);
    assertThat(signedIn(target).get("/api/v1/session").json().get("authenticated").asBoolean())
        .isTrue();
  }

  @Test
  void adminReadTokenListsUsersButCannotChangeThem() {
    var created =
        admin.post(
            "/api/v1/account/tokens",
            Browser.body(
                "name",
                "directory sync",
                "scopes",
                new String[] {"admin:read"},
                "expiresInDays",
                30));
    assertThat(created.status()).as(created.toString()).isBetween(200, 201);
    String token = created.json().get("token").asString();
    Browser script = browser();
    long before = userCount();

    var list =
        script.send(
            script.request("/api/v1/admin/users").header("Authorization", "Bearer " + token).GET());
    var create =
        script.send(
            script
                .request("/api/v1/admin/users")
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\""
                            + newUsername("scripted")
                            + "\",\"displayName\":\"S\",\"role\":\"ADMIN\"}")));

    assertThat(list.status()).isEqualTo(200);
    assertThat(create.status()).isEqualTo(403);
    assertThat(create.contentType()).startsWith("application/problem+json");
    assertThat(userCount()).isEqualTo(before);
  }

  @Test
  void signedOutRequestsAreRefused() {
    var r = browser().get("/api/v1/admin/users");

    assertThat(r.status()).isEqualTo(401);
    assertThat(r.contentType()).startsWith("application/problem+json");
  }

  // Bad input: refused with problem+json, and nothing stored.

  private void assertRefusedAndNothingStored(Browser.Response r, long before) {
    assertThat(r.status()).as(r.toString()).isBetween(400, 499);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("code").asString()).isNotBlank();
    assertThat(userCount()).isEqualTo(before);
  }

  @Test
  void oversizedFieldIsRefused() {
    long before = userCount();

    var r =
        admin.post(
            "/api/v1/admin/users",
            Browser.body(
                "username",
                newUsername("big"),
                "displayName",
                "x".repeat(1_000),
                "email",
                null,
                "role",
                "MEMBER"));

    assertRefusedAndNothingStored(r, before);
    assertThat(r.json().get("code").asString()).isEqualTo("invalid-field");
  }

  @Test
  void invalidUtf8IsRefused() {
    long before = userCount();
    byte[] prefix =
        ("{\"username\":\"" + newUsername("utf") + "\",\"displayName\":\"")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] suffix = "\",\"email\":null,\"role\":\"MEMBER\"}".getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[prefix.length + 3 + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xE2; // a three-byte sequence cut short
    body[prefix.length + 1] = (byte) 0x82;
    body[prefix.length + 2] = (byte) 0x41;
    System.arraycopy(suffix, 0, body, prefix.length + 3, suffix.length);

    assertRefusedAndNothingStored(
        admin.postRaw("/api/v1/admin/users", "application/json", body), before);
  }

  @Test
  void malformedJsonIsRefused() {
    long before = userCount();

    var r =
        admin.postRaw(
            "/api/v1/admin/users",
            "application/json",
            ("{\"username\":\"" + newUsername("broken") + "\",\"displayName\":")
                .getBytes(StandardCharsets.UTF_8));

    assertRefusedAndNothingStored(r, before);
    assertThat(r.json().get("code").asString()).isEqualTo("malformed-request");
  }

  @Test
  void unknownFieldIsRefused() {
    long before = userCount();

    var r =
        admin.post(
            "/api/v1/admin/users",
            Browser.body(
                "username",
                newUsername("extra"),
                "displayName",
                "Extra",
                "email",
                null,
                "role",
                "MEMBER",
                "passwordHash",
                "$argon2id$v=19$m=8,t=1,p=1$AAAA$AAAA"));

    assertRefusedAndNothingStored(r, before);
    assertThat(r.json().get("code").asString()).isEqualTo("malformed-request");
  }

  @Test
  void unknownRoleIsRefused() {
    long before = userCount();

    var r =
        admin.post(
            "/api/v1/admin/users",
            Browser.body(
                "username", newUsername("owner"), "displayName", "Owner", "role", "OWNER"));

    assertRefusedAndNothingStored(r, before);
  }

  @Test
  void controlCharactersInTheDisplayNameAreRefused() {
    long before = userCount();

    var r =
        admin.post(
            "/api/v1/admin/users",
            Browser.body(
                "username",
                newUsername("ctrl"),
                "displayName",
                "Line one\nLine two",
                "email",
                null,
                "role",
                "MEMBER"));

    assertRefusedAndNothingStored(r, before);
    assertThat(r.json().get("code").asString()).isEqualTo("invalid-display-name");
  }
}
