package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.conclave.server.web.CspViolations;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;

/**
 * The pages obey the Content-Security-Policy ({@code default-src 'self'}, no inline script or
 * style): loading every one of them causes no violation, neither in the browser's console nor in
 * the reports the server receives. A deliberate violation shows that both detectors work.
 */
class ContentSecurityPolicyTest extends BrowserTest {

  private static final List<String> PUBLIC_PAGES =
      List.of(
          "/sign-in",
          "/sign-in/second-factor",
          "/setup#not-a-real-token",
          "/invite#not-a-real-token",
          "/register",
          "/j/abcd-efgh-jkmn#k=not-a-real-secret",
          "/error.html");

  @Test
  void everyPageLoadsWithoutViolations() {
    User admin = newUser("csp-admin", Role.ADMIN);
    Chrome chrome = chrome("en-US");
    double before = violations.count();

    for (String page : PUBLIC_PAGES) {
      open(chrome, page);
      visible(chrome, "h1");
    }
    open(chrome, "/sign-in");
    signIn(chrome, admin.username(), PASSWORD);
    arriveAt(chrome, "/account");
    waitForText(chrome, "h1", "Account security");
    visible(chrome, "#signed-in-as");
    open(chrome, "/admin/users");
    waitForText(chrome, "h1", "Users");
    visible(chrome, "#create-form");
    open(chrome, "/meetings");
    waitForText(chrome, "h1", "Meetings");
    visible(chrome, "#new-form");
    visible(chrome, "#personal-details").click();
    chrome.waiting().until(ExpectedConditions.urlMatches("/meetings/\\d+$"));
    waitUntilReady(chrome);
    visible(chrome, "#invite-form");
    visible(chrome, "#edit-form");

    assertThat(chrome.cspViolationsInConsole()).as("CSP messages in the console").isEmpty();
    assertServerReceivedNoViolationsSince(chrome, before);
  }

  @Test
  void deliberateViolationIsSeenInTheConsoleAndReportedToTheServer() {
    Chrome chrome = chrome("en-US");
    double before = violations.count();
    open(chrome, "/register?probe");

    chrome.script("document.querySelector('h1').setAttribute('style', 'color: red')");

    chrome
        .waiting()
        .withMessage("no CSP message in the console")
        .until(d -> !chrome.cspViolationsInConsole().isEmpty());
    List<CspViolations.Violation> reported =
        new FluentWait<>(violations)
            .withTimeout(Duration.ofSeconds(30))
            .pollingEvery(Duration.ofMillis(100))
            .until(
                v -> {
                  var found =
                      v.recent().stream()
                          .filter(r -> url("/register?probe").equals(r.documentUri()))
                          .toList();
                  return found.isEmpty() ? null : found;
                });
    assertThat(reported.get(0).directive()).isEqualTo("style-src-attr");
    assertThat(violations.count()).isGreaterThan(before);
  }
}
