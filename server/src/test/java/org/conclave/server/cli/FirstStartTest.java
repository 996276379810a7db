package org.conclave.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.conclave.server.ConclaveApplication;
import org.conclave.server.account.AccountService;
import org.conclave.server.account.Role;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEntry;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.testing.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The first start of a fresh installation: what the operator sees on standard output, what the
 * audit log records, and the plain-HTTP port that redirects to HTTPS. Starts its own server on an
 * empty data directory, with a public URL unlike the address it listens on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstStartTest {

  private static final String PUBLIC_URL = "https://conclave.example.test:9443";
  private static final String DB_PASSWORD = "db-secret-7f3a9c";

  private static Path dataDir;
  private static int redirectPort;
  private static ConfigurableApplicationContext server;
  private static String stdout;

  @BeforeAll
  static void startFreshServer() throws Exception {
    TestData.configure();
    dataDir = TestData.dir();
    try (ServerSocket probe = new ServerSocket(0)) {
      redirectPort = probe.getLocalPort();
    }
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      server =
          SpringApplication.run(
              ConclaveApplication.class,
              "--conclave.data-dir=" + dataDir,
              "--server.port=0",
              "--conclave.public-url=" + PUBLIC_URL,
              "--conclave.http.redirect-port=" + redirectPort,
              "--conclave.media.port=0",
              "--spring.datasource.password=" + DB_PASSWORD);
    } finally {
      System.setOut(original);
    }
    stdout = captured.toString(StandardCharsets.UTF_8);
    original.print(stdout);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    try (var files = java.nio.file.Files.walk(dataDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private static String setupToken(String text) {
    Matcher m =
        Pattern.compile(Pattern.quote(PUBLIC_URL) + "/setup#([A-Za-z0-9_-]{43})\\s").matcher(text);
    assertThat(m.find()).as("a set-up link in:%n%s", text).isTrue();
    return m.group(1);
  }

  @Test
  @Order(1)
  void printsTheAddressAndAOneTimeSetupLink() {
    assertThat(stdout).contains("Conclave is running at " + PUBLIC_URL);

    String token = setupToken(stdout);

    assertThat(server.getBean(AccountService.class).setupLinkValid(token)).isTrue();
  }

  @Test
  void recordsConfigurationLoadedOnceWithoutSecrets() {
    var loaded =
        server.getBean(AuditLog.class).entries(0, 10_000).stream()
            .filter(e -> e.event().equals("CONFIGURATION_LOADED"))
            .toList();

    assertThat(loaded).hasSize(1);
    AuditEntry entry = loaded.get(0);
    assertThat(entry.detail())
        .contains("public-url " + PUBLIC_URL)
        .contains("tls self-signed")
        .contains("database H2")
        .contains("argon2id m=");
    assertThat(entry.detail()).doesNotContain(DB_PASSWORD);
  }

  @Test
  void plainHttpIsRedirectedToThePublicUrlWhateverTheHostHeaderSays() throws Exception {
    // A raw request: Java's HTTP client does not let a caller choose the Host header.
    String response;
    try (Socket socket = new Socket("127.0.0.1", redirectPort)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              ("GET /account?tab=sessions HTTP/1.1\r\nHost: attacker.example\r\n"
                      + "Connection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    assertThat(response).startsWith("HTTP/1.1 301 ");
    assertThat(response).contains("\r\nLocation: " + PUBLIC_URL + "/account?tab=sessions\r\n");
    assertThat(response).doesNotContain("attacker.example");
  }

  @Test
  void plainHttpPostIsRedirectedKeepingItsMethod() throws Exception {
    HttpResponse<Void> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + redirectPort + "/api/v1/auth/sign-in"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.discarding());

    assertThat(r.statusCode()).isEqualTo(308);
    assertThat(r.headers().firstValue("Location")).hasValue(PUBLIC_URL + "/api/v1/auth/sign-in");
  }

  /** Runs {@code ./conclave admin <args>} against this test's server, as its operator would. */
  private static AdminCliTest.Run admin(String... args) {
    // The command line reads the same configuration as the server: point it at this one.
    String[][] settings = {
      {"conclave.data-dir", dataDir.toString()},
      {"conclave.public-url", PUBLIC_URL},
      {"spring.datasource.password", DB_PASSWORD}
    };
    String[] previous = new String[settings.length];
    for (int i = 0; i < settings.length; i++) {
      previous[i] = System.setProperty(settings[i][0], settings[i][1]);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 1];
    all[0] = "admin";
    System.arraycopy(args, 0, all, 1, args.length);
    try {
      int code =
          AdminCli.run(
              all,
              new ByteArrayInputStream(new byte[0]),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      return new AdminCliTest.Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      for (int i = 0; i < settings.length; i++) {
        restore(settings[i][0], previous[i]);
      }
    }
  }

  @Test
  @Order(100) // it revokes the link printed at start
  void setupLinkCommandReplacesTheEarlierLink() {
    String first = setupToken(stdout);

    AdminCliTest.Run run = admin("setup-link");

    assertThat(run.exitCode()).as(run.err()).isZero();
    String second = setupToken(run.out());
    AccountService accounts = server.getBean(AccountService.class);
    assertThat(accounts.setupLinkValid(second)).isTrue();
    assertThat(accounts.setupLinkValid(first)).isFalse();
  }

  @Test
  @Order(101) // it creates the first administrator
  void setupLinkCommandIsRefusedOnceAnAdministratorExists() {
    server
        .getBean(AccountService.class)
        .create(
            "first-admin",
            "First Admin",
            "first-admin@example.test",
            Role.ADMIN,
            "violet harbour tangerine cobble 47",
            Actor.system(),
            AuditEvent.USER_CREATED);

    AdminCliTest.Run run = admin("setup-link");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("already exists");
    assertThat(run.out()).doesNotContain("/setup#");
  }

  private static void restore(String key, String previous) {
    if (previous == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, previous);
    }
  }
}
