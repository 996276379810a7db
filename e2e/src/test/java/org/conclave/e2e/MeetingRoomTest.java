package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Live meetings end to end: up to three headless Chromium participants against the real door (POST
 * /api/v1/join), the real rooms and the /ws signaling, through the meeting page only. The host
 * signs in and creates the meeting with the meetings API from their own browser session.
 */
class MeetingRoomTest extends MeetingTest {

  @Test
  void guestWithThePasscodeWaitsSeeingNothingOfTheMeetingAndIsAdmitted() {
    Chrome host = hostBrowser("en-US");
    Meeting meeting = createMeeting(host);
    hostEnters(host, meeting);
    assertThat(visible(host, "#room-title").getText()).isEqualTo(TITLE);

    Chrome guest = chrome("vi");
    guestAsks(guest, meeting, "Phạm Lan", meeting.passcode());
    waitForState(guest, "waiting");

    assertThat(visible(guest, "#waiting-title").getText())
        .isEqualTo("Người chủ trì sẽ sớm cho bạn vào");
    WebElement toast = visible(host, "[data-testid=knock-toast]");
    assertThat(toast.getText()).contains("Phạm Lan is waiting to join.");
    assertThat(visible(host, "#waiting-badge").getText()).isEqualTo("1");
    openPanel(host, "participants");
    assertThat(knock(host, "Phạm Lan").getText()).contains("Guest with passcode (unverified)");
    // The toast moves beside the open panel: it must not cover the panel's menus and buttons.
    assertThat(
            (Boolean)
                host.script(
                    "const t = document.querySelector('[data-testid=knock-toast]')"
                        + ".getBoundingClientRect();"
                        + " const p = document.getElementById('panel-participants')"
                        + ".getBoundingClientRect();"
                        + " return t.width > 0 && (t.right <= p.left || t.left >= p.right"
                        + " || t.bottom <= p.top || t.top >= p.bottom);"))
        .as("the knock toast stands beside the open participants panel")
        .isTrue();
    visible(host, "#waiting-room-text").sendKeys("Xin chờ một chút, chúng tôi sắp bắt đầu.");
    host.driver().findElement(By.cssSelector("#waiting-room-form button[type=submit]")).click();
    waitForText(guest, "#waiting-message-text", "Xin chờ một chút, chúng tôi sắp bắt đầu.");

    // The waiting page holds no roster, chat or title, in its DOM or in what it was sent.
    String page = (String) guest.script("return document.documentElement.outerHTML");
    assertThat(page).doesNotContain(TITLE).doesNotContain("Test room-host");
    assertThat(
            guest
                .driver()
                .findElements(
                    By.cssSelector(
                        "#room, #participant-list, #chat-log, [data-testid=participant]")))
        .isEmpty();
    List<Map<String, Object>> seen = frames(guest);
    assertThat(seen).extracting(f -> f.get("type")).contains("waiting", "waitingMessage");
    assertThat(seen)
        .allSatisfy(
            f -> {
              assertThat(f.get("type")).isIn("waiting", "waitingMessage", "pong");
              assertThat((String) f.get("json")).doesNotContain(TITLE, "room-host");
            });
    guest.screenshot("vi-waiting-page");
    host.screenshot("en-host-knock");

    knock(host, "Phạm Lan").findElement(By.cssSelector("[data-testid=admit]")).click();

    waitForState(guest, "room");
    assertThat(visible(guest, "#room-title").getText()).isEqualTo(TITLE);
    assertThat(participant(host, "Phạm Lan").getText())
        .contains("Guest with passcode (unverified)");
    openPanel(guest, "participants");
    assertThat(participant(guest, "Phạm Lan").getText()).contains("Khách");
    guest.screenshot("vi-guest-admitted");
  }

  @Test
  void wrongPasscodeIsRefusedWithoutSayingWhetherTheMeetingExists() {
    Chrome host = hostBrowser("en-US");
    Meeting meeting = createMeeting(host);

    Chrome guest = chrome("en-US");
    guestAsks(guest, meeting, "Mallory", "not-the-passcode-1");
    waitForText(
        guest,
        "#prejoin-message",
        "That meeting code or passcode didn't match. Check the invitation and try again.");
    guestAsks(guest, new Meeting(0, "zzzz-zzzz-zzzz", null, "/j/zzzz-zzzz-zzzz"), "Mallory", "x");
    waitForText(
        guest,
        "#prejoin-message",
        "That meeting code or passcode didn't match. Check the invitation and try again.");
    assertThat(frames(guest)).isEmpty();
    assertThat(guest.driver().findElements(By.id("room"))).isEmpty();
  }

  @Test
  void personalLinkEntersUnderTheInvitedNameAndASecondUseIsHeldInTheWaitingRoom() {
    Chrome host = hostBrowser("en-US");
    Meeting meeting = createMeeting(host);
    String link = invite(host, meeting, "Trần Thị Bích");
    hostEnters(host, meeting);
    openPanel(host, "security");
    visible(host, "label[for=sec-waiting-room]").click();
    host.waiting().until(d -> !d.findElement(By.id("sec-waiting-room")).isSelected());

    Chrome invited = chrome("vi");
    open(invited, link);
    waitForState(invited, "prejoin");
    assertThat(invited.driver().getCurrentUrl()).isEqualTo(url(meeting.path()));
    assertThat(invited.driver().findElement(By.id("display-name")).isDisplayed()).isFalse();
    assertThat(invited.driver().findElement(By.id("passcode")).isDisplayed()).isFalse();
    invited.driver().findElement(By.id("join")).click();
    waitForState(invited, "room");
    openPanel(invited, "participants");
    WebElement me = participant(invited, "Trần Thị Bích");
    assertThat(me.getText()).contains("(bạn)").contains("Liên kết mời cá nhân của Trần Thị Bích");

    Chrome second = chrome("vi");
    open(second, link);
    waitForState(second, "prejoin");
    second.driver().findElement(By.id("join")).click();
    waitForState(second, "waiting");
    assertThat(visible(second, "#waiting-reason").getText())
        .startsWith("Liên kết mời cá nhân này đang được dùng trong cuộc họp");
    openPanel(host, "participants");
    assertThat(knock(host, "Trần Thị Bích").getText())
        .contains("Personal link of Trần Thị Bích")
        .contains("This personal link is already in use in the meeting");
    host.screenshot("en-host-link-in-use");
  }

  @Test
  void lockedMeetingRefusesNewcomers() {
    Chrome host = hostBrowser("en-US");
    Meeting meeting = createMeeting(host);
    hostEnters(host, meeting);
    openPanel(host, "security");
    visible(host, "label[for=sec-lock]").click();
    waitForText(host, "[data-testid=badge-locked]", "Locked");

    Chrome guest = chrome("en-US");
    guestAsks(guest, meeting, "Late Comer", meeting.passcode());

    waitForState(guest, "ended");
    assertThat(visible(guest, "#ended-title").getText()).isEqualTo("This meeting is locked");
    assertThat(guest.driver().findElements(By.id("room"))).isEmpty();
  }

  @Test
  void participantRemovedWithoutRejoinCannotComeBackAfterClearingCookiesAndStorage() {
    Chrome host = hostBrowser("en-US");
    Meeting meeting = createMeeting(host);
    String link = invite(host, meeting, "Đỗ Quang");
    hostEnters(host, meeting);

    Chrome invited = chrome("en-US");
    open(invited, link);
    waitForState(invited, "prejoin");
    invited.driver().findElement(By.id("join")).click();
    waitForState(invited, "waiting");
    visible(host, "[data-testid=knock-toast] [data-testid=toast-admit]").click();
    waitForState(invited, "room");

    openPanel(host, "participants");
    participant(host, "Đỗ Quang")
        .findElement(By.cssSelector("[data-testid=participant-menu]"))
        .click();
    visible(host, "[data-action=removeBan]").click();
    host.waiting()
        .until(
            d -> {
              try {
                d.switchTo().alert().accept();
                return true;
              } catch (org.openqa.selenium.NoAlertPresentException e) {
                return false;
              }
            });

    waitForState(invited, "ended");
    assertThat(visible(invited, "#ended-title").getText())
        .isEqualTo("You were removed from the meeting");
    host.waiting()
        .until(
            d ->
                d.findElements(By.cssSelector("[data-testid=participant][data-name='Đỗ Quang']"))
                    .isEmpty());

    invited.driver().manage().deleteAllCookies();
    invited.script("localStorage.clear(); sessionStorage.clear();");
    open(invited, link);
    waitForState(invited, "prejoin");
    invited.driver().findElement(By.id("join")).click();

    // The ban revoked the personal link: the door turns it away like any wrong secret.
    waitForText(
        invited,
        "#prejoin-message",
        "That meeting code or passcode didn't match. Check the invitation and try again.");
    assertThat(frames(invited)).isEmpty();
    assertThat(invited.driver().findElements(By.id("room"))).isEmpty();
  }

  @Test
  void chatShowsMarkupSharePathsAndScriptLinksAsInertTextAndWebAddressesAsLinks() {
    Chrome host = hostBrowser("en-US");
    Meeting meeting = createMeeting(host);
    hostEnters(host, meeting);
    Chrome guest = chrome("en-US");
    guestAsks(guest, meeting, "Chatty Guest", meeting.passcode());
    waitForState(guest, "waiting");
    visible(host, "[data-testid=knock-toast] [data-testid=toast-admit]").click();
    waitForState(guest, "room");

    openPanel(guest, "chat");
    List<String> messages =
        List.of(
            "<script>window.__pwned = 1</script>",
            "\\\\server\\share\\minutes.docx",
            "javascript:window.__pwned=2",
            "Agenda: https://example.org/agenda?week=12.");
    for (String text : messages) {
      WebElement box = visible(guest, "#chat-text");
      box.sendKeys(text);
      guest.driver().findElement(By.id("chat-send")).click();
      guest.waiting().until(d -> box.getDomProperty("value").isEmpty());
    }

    openPanel(host, "chat");
    host.waiting()
        .until(d -> d.findElements(By.cssSelector("[data-testid=chat-message]")).size() == 4);
    List<String> shown =
        host.driver().findElements(By.cssSelector("[data-testid=chat-text-body]")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(shown).containsExactlyElementsOf(messages);
    List<WebElement> links = host.driver().findElements(By.cssSelector("#chat-log a"));
    assertThat(links).hasSize(1);
    assertThat(links.get(0).getDomAttribute("href"))
        .isEqualTo("https://example.org/agenda?week=12");
    assertThat(links.get(0).getDomAttribute("rel")).isEqualTo("noopener noreferrer");
    assertThat(links.get(0).getDomAttribute("target")).isEqualTo("_blank");
    assertThat(host.driver().findElements(By.cssSelector("#chat-log script"))).isEmpty();
    assertThat(host.script("return window.__pwned === undefined")).isEqualTo(true);
    host.screenshot("en-chat-inert");
  }

  @Test
  void reloadingThePageInTheRoomComesBackWithoutTheWaitingRoom() {
    Chrome host = hostBrowser("en-US");
    Meeting meeting = createMeeting(host);
    hostEnters(host, meeting);
    Chrome guest = chrome("en-US");
    guestAsks(guest, meeting, "Steady Guest", meeting.passcode());
    waitForState(guest, "waiting");
    visible(host, "[data-testid=knock-toast] [data-testid=toast-admit]").click();
    waitForState(guest, "room");

    guest.driver().navigate().refresh();

    waitForState(guest, "room");
    assertThat(frames(guest)).extracting(f -> f.get("type")).doesNotContain("waiting");
    assertThat(frames(guest).get(0).get("type")).isEqualTo("welcome");
    assertThat(visible(guest, "#room-title").getText()).isEqualTo(TITLE);
    openPanel(host, "participants");
    host.waiting()
        .until(d -> d.findElements(By.cssSelector("[data-testid=participant]")).size() == 2);
    assertThat(host.driver().findElements(By.cssSelector("[data-testid=knock]"))).isEmpty();
  }
}
