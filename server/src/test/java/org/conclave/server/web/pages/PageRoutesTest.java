package org.conclave.server.web.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.conclave.server.account.Role;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.conclave.server.testing.Meetings;
import org.junit.jupiter.api.Test;

class PageRoutesTest extends ApiTest {

  private static final List<String> PAGES =
      List.of(
          "/sign-in",
          "/sign-in/second-factor",
          "/account",
          "/admin/users",
          "/setup",
          "/invite",
          "/register",
          "/j/abcd-efgh-jkmn");

  private static Browser.Response page(Browser b, String path) {
    return b.send(b.request(path).setHeader("Accept", "text/html").GET());
  }

  @Test
  void startPageSendsVisitorsToSignIn() {
    var r = page(browser(), "/");

    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).endsWith("/sign-in");
  }

  @Test
  void startPageSendsSignedInPeopleToTheirAccount() {
    Browser b = signedIn(createUser(newUsername("home"), Role.MEMBER));

    var r = page(b, "/");

    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("Location")).endsWith("/account");
  }

  @Test
  void everyPageIsHtmlThatLoadsItsOwnModuleUnderTheStrictPolicy() {
    for (String path : PAGES) {
      var r = page(browser(), path);

      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.contentType()).as(path).startsWith("text/html");
      assertThat(r.header("Content-Security-Policy"))
          .as(path)
          .contains("default-src 'self'")
          .doesNotContain("unsafe-inline");
      assertThat(r.body()).as(path).contains("<script type=\"module\" src=\"/js/pages/");
    }
  }

  @Test
  void meetingPageIsTheSameFileWhetherOrNotTheMeetingExists() {
    Browser host = signedIn(createUser(newUsername("pages-host"), Role.HOST));
    String code = Meetings.create(host, null).path("code").asString();

    var known = page(browser(), "/j/" + code);
    var unknown = page(browser(), "/j/zzzz-zzzz-zzzz");

    assertThat(known.status()).isEqualTo(200);
    assertThat(unknown.status()).isEqualTo(200);
    assertThat(known.body()).isEqualTo(unknown.body()).contains("/js/pages/meeting.js");
    assertThat(known.body()).doesNotContain(code).doesNotContain("Weekly review");
  }

  @Test
  void friendlyErrorPageIsServed() {
    var r = page(browser(), "/error.html");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("/js/pages/error.js");
  }
}
