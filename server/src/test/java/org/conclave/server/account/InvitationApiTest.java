package org.conclave.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.config.ConclaveProperties;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An administrator invites someone; they check the link and choose their password. */
class InvitationApiTest extends ApiTest {

  @Autowired JdbcClient jdbc;
  @Autowired ConclaveProperties properties;

  private Browser admin;

  @BeforeEach
  void signInAnAdministrator() {
    admin = signedIn(createUser(newUsername("admin"), Role.ADMIN));
  }

  /** Creates an invited user and returns the whole answer. */
  private Browser.Response invite(String username, String role) {
    return admin.post(
        "/api/v1/admin/users",
        Browser.body(
            "username",
            username,
            "displayName",
            "Trần Thị Hoa",
            "email",
            username + "@example.org",
            "role",
            role));
  }

  private static String tokenOf(Browser.Response r) {
    return r.json().get("inviteUrl").asString().split("#", 2)[1];
  }

  private Browser.Response check(String token) {
    return browser().post("/api/v1/public/invites/check", Browser.body("token", token));
  }

  private Browser.Response accept(String token, String password) {
    return browser()
        .post("/api/v1/public/invites/accept", Browser.body("token", token, "password", password));
  }

  private Browser.Response signIn(String username, String password) {
    return browser()
        .post("/api/v1/auth/sign-in", Browser.body("username", username, "password", password));
  }

  @Test
  void invitationLinkCarriesTheTokenInTheFragment() {
    var r = invite(newUsername("guest"), "MEMBER");

    assertThat(r.status()).isEqualTo(201);
    String url = r.json().get("inviteUrl").asString();
    assertThat(url).startsWith(properties.publicUrl() + "/invite#");
    assertThat(tokenOf(r)).hasSizeGreaterThanOrEqualTo(43).hasSizeLessThanOrEqualTo(100);
    assertThat(r.json().get("user").get("hasPassword").asBoolean()).isFalse();
  }

  @Test
  void invitationCheckShowsWhoIsInvited() {
    String username = newUsername("guest");
    String token = tokenOf(invite(username, "HOST"));

    var r = check(token);

    assertThat(r.json().get("valid").asBoolean()).isTrue();
    assertThat(r.json().get("username").asString()).isEqualTo(username);
    assertThat(r.json().get("displayName").asString()).isEqualTo("Trần Thị Hoa");
  }

  @Test
  void acceptingSetsThePasswordAndTheLinkIsUsedUp() {
    String username = newUsername("guest");
    String token = tokenOf(invite(username, "HOST"));

    var accepted = accept(token, STRONG);

    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    assertThat(accepted.json().get("username").asString()).isEqualTo(username);
    assertThat(signIn(username, STRONG).status()).isEqualTo(200);
    assertThat(check(token).json().get("valid").asBoolean()).isFalse();
    var again = accept(token, "quiet lantern drifts over marsh");
    assertThat(again.status()).isEqualTo(410);
    assertThat(again.json().get("code").asString()).isEqualTo("link-invalid");
    assertThat(signIn(username, STRONG).status()).isEqualTo(200);
  }

  @Test
  void weakPasswordIsRefusedAndTheLinkStaysUsable() {
    String username = newUsername("guest");
    String token = tokenOf(invite(username, "MEMBER"));

    var weak = accept(token, "hoa.tran.thi.2024");

    assertThat(weak.status()).isEqualTo(400);
    assertThat(weak.json().get("code").asString()).isEqualTo("contains-personal-info");
    assertThat(check(token).json().get("valid").asBoolean()).isTrue();
    assertThat(accept(token, STRONG).status()).isEqualTo(200);
  }

  @Test
  void unknownTokenIsInvalid() {
    var r = check("A".repeat(43));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("valid").asBoolean()).isFalse();
    assertThat(r.json().get("username").isNull()).isTrue();
    assertThat(accept("A".repeat(43), STRONG).status()).isEqualTo(410);
  }

  @Test
  void tokenLongerThan100CharactersIsRefused() {
    var r = check("A".repeat(101));

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("code").asString()).isEqualTo("invalid-field");
  }

  @Test
  void newInvitationReplacesTheOldOne() {
    var created = invite(newUsername("guest"), "MEMBER");
    String old = tokenOf(created);
    long id = created.json().get("user").get("id").asLong();

    var again = admin.post("/api/v1/admin/users/" + id + "/invite", Browser.body());
    String fresh = again.json().get("inviteUrl").asString().split("#", 2)[1];

    assertThat(again.status()).isEqualTo(200);
    assertThat(check(old).json().get("valid").asBoolean()).isFalse();
    assertThat(accept(fresh, STRONG).status()).isEqualTo(200);
  }

  @Test
  void invitationToAnAccountWithAPasswordResetsItAndEndsItsSessions() {
    User user = createUser(newUsername("locked-out"), Role.MEMBER);
    Browser old = signedIn(user);

    var link = admin.post("/api/v1/admin/users/" + user.id() + "/invite", Browser.body());
    var accepted =
        accept(
            link.json().get("inviteUrl").asString().split("#", 2)[1], "copper meadow whistle 22");

    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    assertThat(old.get("/api/v1/session").json().get("authenticated").asBoolean()).isFalse();
    assertThat(signIn(user.username(), STRONG).status()).isEqualTo(401);
    assertThat(signIn(user.username(), "copper meadow whistle 22").status()).isEqualTo(200);
  }

  @Test
  void disabledAccountsInvitationStopsWorking() {
    var created = invite(newUsername("guest"), "MEMBER");
    String token = tokenOf(created);
    long id = created.json().get("user").get("id").asLong();

    admin.post("/api/v1/admin/users/" + id + "/disable", Browser.body());

    assertThat(check(token).json().get("valid").asBoolean()).isFalse();
    assertThat(accept(token, STRONG).status()).isEqualTo(410);
  }

  @Test
  void acceptanceIsAudited() {
    String username = newUsername("guest");
    accept(tokenOf(invite(username, "MEMBER")), STRONG);

    var events =
        jdbc.sql("SELECT event FROM audit_log WHERE subject = :u ORDER BY seq")
            .param("u", username)
            .query(String.class)
            .list();
    assertThat(events).containsExactly("USER_CREATED", "USER_INVITED", "INVITATION_ACCEPTED");
  }
}
