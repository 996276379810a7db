package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The steps of a live meeting that the meeting tests share: a signed-in host creates a meeting with
 * the API from their own browser session, enters it through the meeting page, and guests ask to
 * join with the passcode.
 */
abstract class MeetingTest extends BrowserTest {

  static final String TITLE = "Hội đồng thẩm định đề tài";

  /** Calls the API from the page with the browser's session and CSRF token: {status, body}. */
  private static final String CALL_API =
      """
      const [path, body, done] = arguments;
      (async () => {
        const session = await (await fetch('/api/v1/session', { cache: 'no-store' })).json();
        const response = await fetch(path, { method: 'POST', credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken },
          body: JSON.stringify(body) });
        return { status: response.status, body: await response.json() };
      })().then(done, (e) => done({ status: 0, body: String(e) }));
      """;

  record Meeting(long id, String code, String passcode, String path) {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> post(Chrome chrome, String path, Map<String, Object> body) {
    Map<String, Object> answer =
        (Map<String, Object>)
            ((org.openqa.selenium.JavascriptExecutor) chrome.driver())
                .executeAsyncScript(CALL_API, path, body);
    assertThat(((Number) answer.get("status")).intValue())
        .as("%s: %s", path, answer)
        .isBetween(200, 201);
    return (Map<String, Object>) answer.get("body");
  }

  /** A signed-in host's browser. */
  Chrome hostBrowser(String language) {
    User host = newUser("room-host", Role.HOST);
    Chrome chrome = chrome(language);
    open(chrome, "/sign-in");
    signIn(chrome, host.username(), PASSWORD);
    arriveAt(chrome, "/account");
    return chrome;
  }

  Meeting createMeeting(Chrome host) {
    Map<String, Object> m =
        post(host, "/api/v1/meetings", Map.of("kind", "INSTANT", "title", TITLE));
    String code = (String) m.get("code");
    return new Meeting(
        ((Number) m.get("id")).longValue(), code, (String) m.get("passcode"), "/j/" + code);
  }

  /** A personal invitation's address on this server: /j/<code>#i=<secret>. */
  String invite(Chrome host, Meeting meeting, String name) {
    Map<String, Object> invite =
        post(host, "/api/v1/meetings/" + meeting.id() + "/invites", Map.of("name", name));
    String link = (String) invite.get("link");
    return link.substring(link.indexOf("/j/"));
  }

  static void waitForState(Chrome chrome, String state) {
    try {
      chrome
          .waiting()
          .until(
              d ->
                  state.equals(
                      chrome.script("return document.documentElement.dataset.meetingState")));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError(
          "the meeting page never reached "
              + state
              + "; it shows: "
              + chrome.script(
                  "return document.documentElement.dataset.meetingState + ' | '"
                      + " + document.querySelector('main').innerText + ' | frames: '"
                      + " + JSON.stringify(window.__conclaveFrames)"),
          e);
    }
  }

  /** The host opens the meeting page (no passcode asked) and enters the room. */
  void hostEnters(Chrome host, Meeting meeting) {
    open(host, meeting.path());
    waitForState(host, "prejoin");
    assertThat(host.driver().findElement(By.id("passcode-field")).isDisplayed()).isFalse();
    assertThat(visible(host, "#join").getText()).isIn("Join", "Vào họp");
    host.driver().findElement(By.id("join")).click();
    waitForState(host, "room");
  }

  /** A guest types a name and a passcode on the pre-join page and asks to join. */
  void guestAsks(Chrome guest, Meeting meeting, String name, String passcode) {
    open(guest, meeting.path());
    waitForState(guest, "prejoin");
    WebElement nameBox = visible(guest, "#display-name");
    nameBox.clear();
    nameBox.sendKeys(name);
    visible(guest, "#passcode").sendKeys(passcode);
    guest.driver().findElement(By.id("join")).click();
  }

  static WebElement knock(Chrome host, String name) {
    return host.waiting()
        .until(
            d ->
                d.findElements(By.cssSelector("[data-testid=knock]")).stream()
                    .filter(k -> name.equals(k.getDomAttribute("data-name")))
                    .findFirst()
                    .orElse(null));
  }

  static WebElement participant(Chrome chrome, String name) {
    return chrome
        .waiting()
        .until(
            d ->
                d.findElements(By.cssSelector("[data-testid=participant]")).stream()
                    .filter(p -> name.equals(p.getDomAttribute("data-name")))
                    .findFirst()
                    .orElse(null));
  }

  void openPanel(Chrome chrome, String name) {
    WebElement button = visible(chrome, "#tb-" + name);
    if (!"true".equals(button.getDomAttribute("aria-expanded"))) {
      button.click();
    }
    visible(chrome, "#panel-" + name);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> frames(Chrome chrome) {
    return (List<Map<String, Object>>) chrome.script("return window.__conclaveFrames");
  }
}
