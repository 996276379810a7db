package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The meeting page on its own: POST /api/v1/join and the WebSocket are stubbed in the page with the
 * shapes of the protocol records, so these tests show what the page makes of each frame (and what
 * it sends back) independently of the live room on the server.
 */
class MeetingClientTest extends BrowserTest {

  private static final long NOW = 1_790_000_000_000L;

  /**
   * A fake WebSocket: frames the page sends are kept in window.__sent (and shown to
   * window.__onSent(frame) if a test defines it); for a sent frame of type X, the frames listed
   * under "on_X" in the configuration are delivered back; window.__deliver(frame) delivers one
   * more. POST /api/v1/join answers config.join ({status, body} for a refusal).
   */
  static final String STUB =
      """
      (() => {
        const config = %s;
        window.__sent = [];
        window.__joins = [];
        window.__confirms = [];
        window.confirm = (text) => { window.__confirms.push(text); return true; };
        const sockets = [];
        class FakeSocket extends EventTarget {
          constructor(url) {
            super();
            this.url = url;
            this.readyState = 0;
            sockets.push(this);
            setTimeout(() => { this.readyState = 1; this.dispatchEvent(new Event('open')); }, 5);
          }
          send(text) {
            const frame = JSON.parse(text);
            window.__sent.push(frame);
            if (window.__onSent) { window.__onSent(frame); }
            for (const answer of config['on_' + frame.type] || []) {
              this.deliver(answer);
            }
          }
          deliver(frame) {
            setTimeout(() => this.dispatchEvent(
              new MessageEvent('message', { data: JSON.stringify(frame) })), 0);
          }
          close() {
            this.readyState = 3;
            this.dispatchEvent(new Event('close'));
          }
        }
        FakeSocket.CONNECTING = 0; FakeSocket.OPEN = 1; FakeSocket.CLOSING = 2; FakeSocket.CLOSED = 3;
        window.WebSocket = FakeSocket;
        window.__socketUrls = () => sockets.map((s) => s.url);
        window.__deliver = (frame) => sockets[sockets.length - 1].deliver(frame);
        const realFetch = window.fetch.bind(window);
        window.fetch = (input, init) => {
          const url = new URL(typeof input === 'string' ? input : input.url, location.href);
          const method = ((init && init.method) || 'GET').toUpperCase();
          if (method === 'POST' && url.pathname === '/api/v1/join') {
            window.__joins.push(JSON.parse(init.body));
            const answer = config.join || { ticket: 'ticket-1', expiresInSeconds: 60 };
            const refusal = typeof answer.status === 'number';
            const headers = { 'Content-Type': refusal ? 'application/problem+json' : 'application/json' };
            if (answer.retryAfter) { headers['Retry-After'] = String(answer.retryAfter); }
            return Promise.resolve(new Response(JSON.stringify(refusal ? answer.body : answer),
              { status: refusal ? answer.status : 200, headers }));
          }
          return realFetch(input, init);
        };
      })();
      """;

  static final String ROOM =
      """
      { title: 'Giao ban tuần', code: 'abcd-efgh-jkmn', locked: false, waitingRoom: true,
        passcodeEntryPaused: false, suspended: false, chatMode: 'EVERYONE', screenShareRule: 'HOSTS',
        selfUnmute: true, renameAllowed: false, participantLimit: 100,
        security: { passcodeRequired: true, entryRule: 'ANYONE_WITH_CODE', personalLinksRequired: false,
          entryBeforeHost: false, endToEndEncrypted: false, recording: false } }
      """;

  private static String person(
      String id, String name, String role, String arrival, String invitedAs) {
    return ("{ id: '%s', name: '%s', role: '%s', arrival: '%s', invitedAs: %s, audio: false, video: false,"
            + " screen: false, mayShareScreen: false, handRaised: false, connected: true }")
        .formatted(id, name, role, arrival, invitedAs == null ? "null" : "'" + invitedAs + "'");
  }

  private static final String HOST = person("p-host", "Nguyễn Văn An", "HOST", "MEMBER", null);
  private static final String GUEST = person("p-guest", "Khách Lạ", "GUEST", "GUEST", null);
  private static final String INVITED =
      person("p-bich", "Trần Thị Bích", "PARTICIPANT", "PERSONAL_LINK", "Trần Thị Bích");

  private static String welcome(String you, String... others) {
    return "{ type: 'welcome', v: 1, you: %s, resumeToken: 'resume-1', room: %s, participants: [%s], waiting: [] }"
        .formatted(you, ROOM, String.join(",", others));
  }

  private Chrome meetingPage(String language, int width, int height, String config, String path) {
    Chrome chrome = chrome(language, width, height);
    chrome.beforeEveryPage(STUB.formatted(config));
    open(chrome, path);
    return chrome;
  }

  private static void waitForState(Chrome chrome, String state) {
    chrome
        .waiting()
        .until(
            d ->
                state.equals(
                    chrome.script("return document.documentElement.dataset.meetingState")));
  }

  private static List<String> texts(Chrome chrome, String css) {
    return chrome.driver().findElements(By.cssSelector(css)).stream()
        .map(WebElement::getText)
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> sent(Chrome chrome) {
    return (List<Map<String, Object>>) chrome.script("return window.__sent");
  }

  /** The frames sent, without those about the person's own media (they follow every entry). */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> commands(Chrome chrome) {
    return (List<Map<String, Object>>)
        chrome.script(
            "const media = ['setOwnMedia', 'publishOffer', 'subscribeAnswer', 'restartMedia',"
                + " 'videoSizes'];"
                + " return window.__sent.filter(f => !media.includes(f.type))");
  }

  private static void deliver(Chrome chrome, String frame) {
    chrome.script("window.__deliver(" + frame + ")");
  }

  @Test
  @SuppressWarnings("unchecked")
  void linkSecretIsTakenFromTheFragmentAndSentOnlyInTheJoinBody() {
    Chrome chrome =
        meetingPage(
            "en-US",
            1280,
            900,
            "{ on_hello: [ { type: 'waiting', v: 1, participantId: 'p-1', resumeToken: 'r-1',"
                + " reason: 'WAITING_ROOM' } ] }",
            "/j/abcd-efgh-jkmn#k=the-link-secret");

    waitForState(chrome, "prejoin");
    assertThat(chrome.driver().getCurrentUrl()).isEqualTo(url("/j/abcd-efgh-jkmn"));
    assertThat(chrome.driver().findElement(By.id("passcode-field")).isDisplayed()).isFalse();
    assertThat(visible(chrome, "#join").getText()).isEqualTo("Ask to join");
    visible(chrome, "#display-name").sendKeys("Lê Minh");
    chrome.driver().findElement(By.id("join")).click();

    waitForState(chrome, "waiting");
    assertThat(chrome.script("return window.__joins[0]"))
        .isEqualTo(
            Map.of("code", "abcd-efgh-jkmn", "secret", "the-link-secret", "name", "Lê Minh"));
    assertThat(sent(chrome).get(0))
        .isEqualTo(Map.of("type", "hello", "v", 1L, "ticket", "ticket-1"));
    assertThat((List<Object>) chrome.script("return window.__socketUrls()"))
        .containsExactly("wss://localhost:" + port + "/ws");
  }

  @Test
  void refusedEntryIsTheSameSentenceWhetherOrNotTheMeetingExists() {
    Chrome chrome =
        meetingPage(
            "vi",
            1280,
            900,
            "{ join: { status: 403, body: { status: 403, code: 'entry-refused',"
                + " detail: 'The meeting code or passcode is wrong.' } } }",
            "/j/zzzz-zzzz-zzzz");

    waitForState(chrome, "prejoin");
    visible(chrome, "#display-name").sendKeys("Khách");
    visible(chrome, "#passcode").sendKeys("sai-mat-ma");
    chrome.driver().findElement(By.id("join")).click();

    waitForText(
        chrome,
        "#prejoin-message",
        "Mã cuộc họp hoặc mật mã không khớp. Vui lòng kiểm tra lại lời mời rồi thử lại.");
    assertThat(chrome.script("return window.__joins[0].passcode")).isEqualTo("sai-mat-ma");
    assertThat(sent(chrome)).isEmpty();
  }

  @Test
  void throttledEntrySaysHowLongToWait() {
    Chrome chrome =
        meetingPage(
            "en-US",
            1280,
            900,
            "{ join: { status: 429, retryAfter: 42, body: { status: 429, code: 'entry-throttled' } } }",
            "/j/abcd-efgh-jkmn");

    waitForState(chrome, "prejoin");
    visible(chrome, "#display-name").sendKeys("Guest");
    visible(chrome, "#passcode").sendKeys("whatever");
    chrome.driver().findElement(By.id("join")).click();

    waitForText(chrome, "#prejoin-message", "Too many attempts. Wait 42 seconds and try again.");
  }

  @Test
  void personalLinkHidesTheNameAndThePasscode() {
    Chrome chrome = meetingPage("vi", 1280, 900, "{}", "/j/abcd-efgh-jkmn#i=invite-secret");

    waitForState(chrome, "prejoin");
    assertThat(chrome.driver().findElement(By.id("display-name")).isDisplayed()).isFalse();
    assertThat(chrome.driver().findElement(By.id("passcode")).isDisplayed()).isFalse();
    assertThat(visible(chrome, "#personal-note").getText())
        .isEqualTo("Bạn sẽ vào họp với tên ghi trên liên kết mời cá nhân. Tên này không đổi được.");
    chrome.driver().findElement(By.id("join")).click();

    chrome.waiting().until(d -> chrome.script("return window.__joins.length").equals(1L));
    assertThat(chrome.script("return window.__joins[0]"))
        .isEqualTo(Map.of("code", "abcd-efgh-jkmn", "invite", "invite-secret"));
  }

  @Test
  void waitingPageShowsTheHostsMessageAndNothingOfTheMeeting() {
    Chrome chrome =
        meetingPage(
            "vi",
            360,
            740,
            "{ on_hello: [ { type: 'waiting', v: 1, participantId: 'p-1', resumeToken: 'r-1',"
                + " reason: 'LINK_IN_USE' } ] }",
            "/j/abcd-efgh-jkmn#i=invite-secret");
    waitForState(chrome, "prejoin");
    chrome.driver().findElement(By.id("join")).click();
    waitForState(chrome, "waiting");

    deliver(chrome, "{ type: 'waitingMessage', text: 'Chờ 5 phút nhé <b>bạn</b>' }");

    waitForText(chrome, "#waiting-message-text", "Chờ 5 phút nhé <b>bạn</b>");
    assertThat(visible(chrome, "#waiting-title").getText())
        .isEqualTo("Người chủ trì sẽ sớm cho bạn vào");
    assertThat(visible(chrome, "#waiting-reason").getText())
        .startsWith("Liên kết mời cá nhân này đang được dùng");
    assertThat(chrome.driver().findElements(By.cssSelector("#room, #participant-list, #chat-log")))
        .isEmpty();
    assertThat(chrome.driver().findElements(By.cssSelector("#waiting-message-text b"))).isEmpty();
    chrome.screenshot("stubbed-phone-vi-waiting");

    chrome.driver().findElement(By.id("waiting-leave")).click();
    waitForState(chrome, "ended");
    assertThat(sent(chrome).get(sent(chrome).size() - 1)).isEqualTo(Map.of("type", "leave"));
  }

  @Test
  void chatShowsMarkupAndOtherSchemesAsTextAndLinksOnlyWebAddresses() {
    Chrome chrome =
        meetingPage(
            "en-US",
            1280,
            900,
            "{ on_hello: [ " + welcome(GUEST, HOST) + " ] }",
            "/j/abcd-efgh-jkmn#k=secret");
    waitForState(chrome, "prejoin");
    visible(chrome, "#display-name").sendKeys("Khách Lạ");
    chrome.driver().findElement(By.id("join")).click();
    waitForState(chrome, "room");
    visible(chrome, "#tb-chat").click();

    String[] messages = {
      "<script>window.__pwned = 1</script>",
      "\\\\\\\\server\\\\share\\\\file",
      "javascript:window.__pwned=2",
      "see https://example.org/agenda?x=1, then http://10.0.0.1/a."
    };
    for (int i = 0; i < messages.length; i++) {
      deliver(
          chrome,
          "{ type: 'chat', id: 'c%d', from: 'p-host', fromName: 'Nguyễn Văn An', to: 'everyone', text: '%s', at: %d }"
              .formatted(i, messages[i].replace("'", "\\'"), NOW));
    }

    chrome.waiting().until(d -> texts(chrome, "[data-testid=chat-message]").size() == 4);
    assertThat(texts(chrome, "[data-testid=chat-text-body]"))
        .containsExactly(
            "<script>window.__pwned = 1</script>",
            "\\\\server\\share\\file",
            "javascript:window.__pwned=2",
            "see https://example.org/agenda?x=1, then http://10.0.0.1/a.");
    List<WebElement> links = chrome.driver().findElements(By.cssSelector("#chat-log a"));
    assertThat(links)
        .extracting(l -> l.getAttribute("href"))
        .containsExactly("https://example.org/agenda?x=1", "http://10.0.0.1/a");
    assertThat(links)
        .allSatisfy(
            l -> {
              assertThat(l.getAttribute("rel")).isEqualTo("noopener noreferrer");
              assertThat(l.getAttribute("target")).isEqualTo("_blank");
            });
    assertThat(chrome.driver().findElements(By.cssSelector("#chat-log script"))).isEmpty();
    assertThat(chrome.script("return window.__pwned === undefined")).isEqualTo(true);

    visible(chrome, "#chat-text").sendKeys("Xin chào <i>mọi người</i>");
    chrome.driver().findElement(By.id("chat-text")).sendKeys(Keys.ENTER);
    chrome
        .waiting()
        .until(d -> "chat".equals(sent(chrome).get(sent(chrome).size() - 1).get("type")));
    assertThat(sent(chrome).get(sent(chrome).size() - 1))
        .isEqualTo(Map.of("type", "chat", "to", "everyone", "text", "Xin chào <i>mọi người</i>"));
  }

  @Test
  void hostHearsTheKnockSeesHowThePersonCameAndAdmitsThem() {
    Chrome chrome =
        meetingPage(
            "vi",
            1280,
            900,
            "{ on_hello: [ " + welcome(HOST, INVITED) + " ] }",
            "/j/abcd-efgh-jkmn");
    waitForState(chrome, "prejoin");
    assertThat(chrome.driver().findElement(By.id("passcode")).isDisplayed()).isTrue();
    visible(chrome, "#display-name").sendKeys("An");
    visible(chrome, "#passcode").sendKeys("dung-mat-ma");
    chrome.driver().findElement(By.id("join")).click();
    waitForState(chrome, "room");
    assertThat(visible(chrome, "#room-title").getText()).isEqualTo("Giao ban tuần");

    String knock =
        "{ id: 'p-w', name: 'Trần Thị Bích', arrival: 'PERSONAL_LINK', invitedAs: 'Trần Thị Bích',"
            + " reason: 'LINK_IN_USE', duplicateName: true, since: %d }".formatted(NOW);
    deliver(chrome, "{ type: 'knock', entry: " + knock + " }");
    deliver(chrome, "{ type: 'waitingRoom', entries: [" + knock + "] }");

    WebElement toast = visible(chrome, "[data-testid=knock-toast]");
    assertThat(toast.getText()).contains("Trần Thị Bích đang chờ vào họp.");
    waitForText(chrome, "#waiting-badge", "1");
    toast.findElement(By.cssSelector("[data-testid=toast-see-all]")).click();
    WebElement row = visible(chrome, "[data-testid=knock]");
    assertThat(row.getText())
        .contains("Liên kết mời cá nhân của Trần Thị Bích")
        .contains("Trùng tên với một người đã ở trong cuộc họp")
        .contains("Liên kết mời cá nhân này đang được dùng trong cuộc họp");
    chrome.screenshot("stubbed-vi-host-waiting-room");
    row.findElement(By.cssSelector("[data-testid=admit]")).click();

    chrome
        .waiting()
        .until(d -> "admit".equals(sent(chrome).get(sent(chrome).size() - 1).get("type")));
    assertThat(sent(chrome).get(sent(chrome).size() - 1))
        .isEqualTo(Map.of("type", "admit", "participant", "p-w"));
  }

  @Test
  void hostMenuRemovesWithoutRejoinAndShowsHowEachPersonArrived() {
    Chrome chrome =
        meetingPage(
            "en-US",
            1280,
            900,
            "{ on_hello: [ " + welcome(HOST, INVITED, GUEST) + " ] }",
            "/j/abcd-efgh-jkmn#k=s");
    waitForState(chrome, "prejoin");
    visible(chrome, "#display-name").sendKeys("An");
    chrome.driver().findElement(By.id("join")).click();
    waitForState(chrome, "room");
    visible(chrome, "#tb-participants").click();

    assertThat(texts(chrome, "[data-testid=participant] .person-meta"))
        .containsExactly(
            "Signed-in member",
            "Personal link of Trần Thị Bích",
            "Guest with passcode (unverified)");
    WebElement guest = visible(chrome, "[data-testid=participant][data-participant-id=p-guest]");
    guest.findElement(By.cssSelector("[data-testid=participant-menu]")).click();
    assertThat(texts(chrome, "#menu-p-guest .menu-item"))
        .containsExactly(
            "Allow to share screen",
            "Rename",
            "Make co-host",
            "Remove from meeting",
            "Remove and don't allow to rejoin");
    chrome.screenshot("stubbed-en-host-menu");
    chrome.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
    assertThat(visible(chrome, "#panel-participants").isDisplayed()).isTrue();
    guest.findElement(By.cssSelector("[data-testid=participant-menu]")).click();
    visible(chrome, "#menu-p-guest [data-action=removeBan]").click();

    chrome
        .waiting()
        .until(d -> "remove".equals(sent(chrome).get(sent(chrome).size() - 1).get("type")));
    assertThat(sent(chrome).get(sent(chrome).size() - 1))
        .isEqualTo(Map.of("type", "remove", "participant", "p-guest", "banRejoin", true));
    chrome.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
    chrome
        .waiting()
        .until(d -> !chrome.driver().findElement(By.id("panel-participants")).isDisplayed());
  }

  @Test
  void securityPanelShowsTheProtectionsAndLockingWaitsForTheServer() {
    Chrome chrome =
        meetingPage(
            "vi",
            1280,
            900,
            "{ on_hello: [ " + welcome(HOST, GUEST) + " ] }",
            "/j/abcd-efgh-jkmn#k=s");
    waitForState(chrome, "prejoin");
    visible(chrome, "#display-name").sendKeys("An");
    chrome.driver().findElement(By.id("join")).click();
    waitForState(chrome, "room");
    visible(chrome, "#tb-security").click();

    assertThat(texts(chrome, "[data-testid=security-facts] li"))
        .contains(
            "Phòng chờ đang bật: người chủ trì duyệt từng người vào",
            "Cuộc họp chưa khóa",
            "Yêu cầu mật mã cuộc họp",
            "Không bật mã hóa đầu cuối",
            "Không ghi hình");
    visible(chrome, "label[for=sec-lock]").click();
    chrome
        .waiting()
        .until(d -> sent(chrome).stream().anyMatch(f -> "lockMeeting".equals(f.get("type"))));
    assertThat(chrome.driver().findElement(By.id("sec-lock")).isSelected()).isFalse();

    deliver(chrome, "{ type: 'roomUpdated', room: Object.assign(" + ROOM + ", { locked: true }) }");
    chrome.waiting().until(d -> chrome.driver().findElement(By.id("sec-lock")).isSelected());
    assertThat(visible(chrome, "[data-testid=badge-locked]").getText()).isEqualTo("Đã khóa");
    chrome.screenshot("stubbed-vi-security-panel");
  }

  @Test
  void suspendingAsksToConfirmThenOffersTheIncidentReport() {
    Chrome chrome =
        meetingPage(
            "en-US",
            1280,
            900,
            "{ on_hello: [ "
                + welcome(HOST, GUEST)
                + " ], on_reportIncident: [ { type: 'incidentRecorded' } ] }",
            "/j/abcd-efgh-jkmn#k=s");
    waitForState(chrome, "prejoin");
    visible(chrome, "#display-name").sendKeys("An");
    chrome.driver().findElement(By.id("join")).click();
    waitForState(chrome, "room");

    visible(chrome, "#tb-more").click();
    visible(chrome, "[data-testid=suspend]").click();
    visible(chrome, "#ask-textarea").sendKeys("Someone shared offensive pictures.");
    chrome.driver().findElement(By.id("ask-ok")).click();

    visible(chrome, "[data-testid=incident-recorded]");
    assertThat(commands(chrome).subList(1, commands(chrome).size()))
        .extracting(f -> f.get("type"))
        .containsExactly("suspendActivities", "reportIncident");
    assertThat(commands(chrome).get(2).get("text")).isEqualTo("Someone shared offensive pictures.");
  }

  @Test
  void lockedMeetingTurnsNewcomersAwayInWords() {
    Chrome chrome =
        meetingPage(
            "vi",
            1280,
            900,
            "{ on_hello: [ { type: 'refused', reason: 'LOCKED' } ] }",
            "/j/abcd-efgh-jkmn#k=s");
    waitForState(chrome, "prejoin");
    visible(chrome, "#display-name").sendKeys("Khách");
    chrome.driver().findElement(By.id("join")).click();

    waitForState(chrome, "ended");
    assertThat(visible(chrome, "#ended-title").getText()).isEqualTo("Cuộc họp này đã khóa");
  }

  @Test
  void errorFramesAreShownInTheReadersLanguage() {
    Chrome chrome =
        meetingPage(
            "vi",
            1280,
            900,
            "{ on_hello: [ "
                + welcome(GUEST, HOST)
                + " ],"
                + " on_setOwnMedia: [ { type: 'error', code: 'unmute-forbidden', command: 'setOwnMedia',"
                + " message: 'Unmuting is not allowed.' } ] }",
            "/j/abcd-efgh-jkmn#k=s");
    waitForState(chrome, "prejoin");
    visible(chrome, "#display-name").sendKeys("Khách");
    chrome.driver().findElement(By.id("join")).click();
    waitForState(chrome, "room");
    // Entering sends setOwnMedia too (with the pre-join choice), and the stub refuses that as well.
    chrome
        .waiting()
        .until(d -> sent(chrome).stream().anyMatch(f -> "setOwnMedia".equals(f.get("type"))));
    chrome.script("document.getElementById('toasts').replaceChildren()");

    visible(chrome, "#tb-mic").click();

    assertThat(visible(chrome, "[data-testid=error-toast]").getText())
        .contains("Người chủ trì đang không cho tự bật micrô.");
    assertThat(sent(chrome).get(sent(chrome).size() - 1))
        .isEqualTo(Map.of("type", "setOwnMedia", "audio", true));
  }

  @Test
  void roomFitsAPhoneWithThePanelOpen() {
    Chrome chrome =
        meetingPage(
            "vi",
            360,
            740,
            "{ on_hello: [ " + welcome(HOST, INVITED, GUEST) + " ] }",
            "/j/abcd-efgh-jkmn#k=s");
    waitForState(chrome, "prejoin");
    visible(chrome, "#display-name").sendKeys("An");
    chrome.driver().findElement(By.id("join")).click();
    waitForState(chrome, "room");
    chrome.screenshot("stubbed-phone-vi-room");
    visible(chrome, "#tb-participants").click();
    visible(chrome, "#panel-participants");

    long scroll = (Long) chrome.script("return document.documentElement.scrollWidth");
    assertThat(scroll).isLessThanOrEqualTo(360);
    assertThat(visible(chrome, "#tb-leave").isDisplayed()).isTrue();
    chrome.screenshot("stubbed-phone-vi-room-participants");
  }
}
