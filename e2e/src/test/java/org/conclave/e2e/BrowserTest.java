package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.conclave.server.ConclaveApplication;
import org.conclave.server.account.AccountService;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.web.CspViolations;
import org.junit.jupiter.api.AfterEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the browser tests: the whole application runs in this JVM on a random HTTPS port with its
 * own data directory (H2 database, self-signed certificate), and each test drives headless Chromium
 * against it. All subclasses share one running application, so each test makes its own users.
 */
@SpringBootTest(
    classes = ConclaveApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class BrowserTest {

  /** A strong password that passes every rule. */
  static final String PASSWORD = "violet harbour tangerine cobble 47";

  private static final Path DATA_DIR;
  private static final AtomicInteger COUNTER = new AtomicInteger();

  @LocalServerPort int port;
  @Autowired AccountService accounts;
  @Autowired CspViolations violations;

  private final List<Chrome> browsers = new ArrayList<>();

  static {
    try {
      DATA_DIR = Files.createTempDirectory("conclave-e2e-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // System properties, not @DynamicPropertySource: the TLS set-up reads them before the test
    // context's own property sources exist.
    System.setProperty("conclave.data-dir", DATA_DIR.toString());
    System.setProperty("conclave.http.tls", "SELF_SIGNED");
    System.setProperty("conclave.http.redirect-port", "0");
    System.setProperty("conclave.media.port", "0");
    // A killed browser leaves the room within seconds (the media tests wait for it).
    System.setProperty("conclave.media.consent-timeout", "6s");
    System.setProperty("conclave.passwords.argon2.memory-kib", "8192");
    System.setProperty("conclave.passwords.argon2.iterations", "1");
    System.setProperty("conclave.passwords.argon2.allow-weak-for-tests", "true");
  }

  /** A browser speaking the given language, closed after the test. */
  Chrome chrome(String language) {
    return chrome(language, 1280, 900);
  }

  Chrome chrome(String language, int width, int height) {
    Chrome chrome = new Chrome(language, DATA_DIR.resolve("tls/certificate.pem"), width, height);
    browsers.add(chrome);
    return chrome;
  }

  @AfterEach
  void closeBrowsers() {
    browsers.forEach(Chrome::close);
    browsers.clear();
  }

  String url(String path) {
    return "https://localhost:" + port + path;
  }

  /** A new account with {@link #PASSWORD}. */
  User newUser(String prefix, Role role) {
    String username = prefix + "-" + COUNTER.incrementAndGet() + "-" + System.nanoTime() % 100000;
    return accounts.create(
        username,
        "Test " + username,
        username + "@example.test",
        role,
        PASSWORD,
        Actor.system(),
        AuditEvent.USER_CREATED);
  }

  /** Opens a page and waits until it is ready for use. */
  void open(Chrome chrome, String path) {
    chrome.driver().get(url(path));
    waitUntilReady(chrome);
  }

  /** Waits until the page's script has translated it and attached its handlers. */
  void waitUntilReady(Chrome chrome) {
    chrome
        .waiting()
        .until(
            d ->
                Boolean.TRUE.equals(
                    chrome.script("return document.documentElement.dataset.ready === 'true'")));
  }

  /** Waits until the browser is on the given page and the page is ready. */
  void arriveAt(Chrome chrome, String path) {
    chrome.waiting().until(ExpectedConditions.urlToBe(url(path)));
    waitUntilReady(chrome);
  }

  WebElement visible(Chrome chrome, String css) {
    return chrome
        .waiting()
        .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  void waitForText(Chrome chrome, String css, String text) {
    chrome.waiting().until(ExpectedConditions.textToBe(By.cssSelector(css), text));
  }

  /** Fills in the sign-in form and submits it. */
  void signIn(Chrome chrome, String username, String password) {
    visible(chrome, "#username").clear();
    chrome.driver().findElement(By.id("username")).sendKeys(username);
    chrome.driver().findElement(By.id("password")).sendKeys(password);
    chrome.driver().findElement(By.id("sign-in")).click();
  }

  /**
   * Proves that the server received no violation report from this browser so far: makes one
   * deliberate violation on a marked page and waits for its report. Reports are sent as violations
   * happen, so once the marker's report is in, any earlier one would be too; then the only report
   * since {@code before} must be the marker's.
   */
  void assertServerReceivedNoViolationsSince(Chrome chrome, double before) {
    String marker = UUID.randomUUID().toString();
    open(chrome, "/error.html?csp-marker=" + marker);
    chrome.script("document.body.setAttribute('style', 'outline: 0')");
    new FluentWait<>(violations)
        .withTimeout(Duration.ofSeconds(30))
        .pollingEvery(Duration.ofMillis(100))
        .withMessage("the deliberate violation's report never reached the server")
        .until(v -> v.recent().stream().anyMatch(r -> contains(r.documentUri(), marker)));
    assertThat(violations.count() - before)
        .as("violation reports since the test began (only the marker): %s", violations.recent())
        .isEqualTo(1.0);
  }

  private static boolean contains(String text, String part) {
    return text != null && text.contains(part);
  }
}
