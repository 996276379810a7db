package org.conclave.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.conclave.server.account.Role;
import org.conclave.server.account.Users;
import org.conclave.server.audit.AuditEntry;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.AuditTampering;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code ./conclave admin ...} against the database of a running server, as an operator would use
 * it: each command starts its own (non-web) Conclave and exits with a code.
 */
class AdminCliTest extends ApiTest {

  @Autowired AuditLog audit;
  @Autowired JdbcClient jdbc;
  @Autowired Users users;

  /** What one command run printed and returned. */
  record Run(int exitCode, String out, String err) {}

  private static Run admin(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 1];
    all[0] = "admin";
    System.arraycopy(args, 0, all, 1, args.length);
    int code =
        AdminCli.run(
            all,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The audit entries about one user, oldest first. */
  private java.util.List<AuditEntry> auditedAbout(String username) {
    return audit.entries(0, Integer.MAX_VALUE).stream()
        .filter(e -> username.equals(e.subject()))
        .toList();
  }

  private AuditEntry auditedByOperator(String username, String event) {
    return auditedAbout(username).stream()
        .filter(e -> e.event().equals(event))
        .filter(e -> e.actor().equals("operator (command line)"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(event + " by the operator not audited"));
  }

  @Test
  void auditVerifyReportsAnIntactChainWithItsLength() {
    Run run = admin("", "audit-verify");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).matches("(?s)Audit log intact, \\d+ entr(y|ies)\\.\\s*");
  }

  @Test
  void auditVerifyNamesTheEditedEntryAndExitsWithOne() {
    createUser(newUsername("witness"), Role.MEMBER);
    long k = AuditTampering.lastSeq(jdbc);
    createUser(newUsername("later"), Role.MEMBER);

    Run run;
    try (var t = AuditTampering.editDetail(jdbc, k, "role ADMIN")) {
      run = admin("", "audit-verify");
    }

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("BROKEN at entry " + k + ":");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void createUserWithPasswordFromStandardInputCanSignIn() {
    String name = newUsername("cli-host");
    String password = "quiet lantern meadow 5821";

    Run run =
        admin(
            password + "\n",
            "create-user",
            "--username",
            name,
            "--display-name",
            "Cli Host",
            "--role",
            "host",
            "--password-stdin");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(users.byUsername(name).orElseThrow().role()).isEqualTo(Role.HOST);
    var signIn =
        browser()
            .from("10.9.0.1")
            .post("/api/v1/auth/sign-in", Browser.body("username", name, "password", password));
    assertThat(signIn.status()).isEqualTo(200);
    assertThat(auditedByOperator(name, "USER_CREATED").detail()).isEqualTo("role HOST");
  }

  @Test
  void createUserWithoutPasswordPrintsAWorkingInvitationLink() {
    String name = newUsername("cli-member");

    Run run =
        admin(
            "", "create-user", "--username=" + name, "--display-name=Cli Member", "--role=member");

    assertThat(run.exitCode()).as(run.err()).isZero();
    var link = java.util.regex.Pattern.compile("/invite#([A-Za-z0-9_-]{43})").matcher(run.out());
    assertThat(link.find()).as(run.out()).isTrue();
    assertThat(accounts.invitedUser(link.group(1)).orElseThrow().username()).isEqualTo(name);
  }

  @Test
  void resetPasswordEndsSessionsAndTheNewPasswordWorks() {
    var user = createUser(newUsername("forgetful"), Role.MEMBER);
    Browser before = signedIn(user);
    String fresh = "copper willow sonnet 3306";

    Run run = admin(fresh + "\n", "reset-password", "--username", user.username());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(before.get("/api/v1/session").json().get("authenticated").asBoolean()).isFalse();
    var signIn =
        browser()
            .from("10.9.0.2")
            .post(
                "/api/v1/auth/sign-in",
                Browser.body("username", user.username(), "password", fresh));
    assertThat(signIn.status()).isEqualTo(200);
    auditedByOperator(user.username(), "PASSWORD_RESET");
  }

  @Test
  void resetPasswordRefusesAWeakPasswordWithTheReason() {
    var user = createUser(newUsername("weak"), Role.MEMBER);

    Run run = admin("short\n", "reset-password", "--username", user.username());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("at least");
  }

  @Test
  void disableUserEndsSessionsAndEnableUserLetsThemBackIn() {
    var user = createUser(newUsername("leaver"), Role.MEMBER);
    Browser session = signedIn(user);

    Run disable = admin("", "disable-user", "--username", user.username());

    assertThat(disable.exitCode()).as(disable.err()).isZero();
    assertThat(users.byId(user.id()).orElseThrow().disabled()).isTrue();
    assertThat(session.get("/api/v1/session").json().get("authenticated").asBoolean()).isFalse();
    auditedByOperator(user.username(), "USER_DISABLED");

    Run enable = admin("", "enable-user", "--username", user.username());

    assertThat(enable.exitCode()).as(enable.err()).isZero();
    assertThat(users.byId(user.id()).orElseThrow().disabled()).isFalse();
    auditedByOperator(user.username(), "USER_ENABLED");
  }

  @Test
  void unknownCommandIsAUsageError() {
    Run run = admin("", "drop-everything");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown command 'drop-everything'");
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    Run run = admin("", "create-user", "--username", "someone", "--role", "member");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--display-name is required");
  }

  @Test
  void passwordIsNeverAcceptedAsAnArgument() {
    Run run = admin("", "reset-password", "--username", "someone", "--password", "hunter2");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("Unknown option --password");
  }

  @Test
  void helpListsEveryCommand() {
    Run run = admin("", "help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("create-user")
        .contains("reset-password")
        .contains("disable-user")
        .contains("enable-user")
        .contains("setup-link")
        .contains("audit-verify");
  }
}
