package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The meetings pages against the real meetings API: a host schedules meetings (recurring, with a
 * chosen passcode; a weak passcode is refused in words), manages personal invitation links (add,
 * copy, revoke) and copies invitation texts in Vietnamese and English.
 */
class MeetingsPageTest extends BrowserTest {

  private static final String CODE = "[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}";
  private static final String CHOSEN_PASSCODE = "lantern orbit 7 velvet";

  @Test
  void hostSchedulesARecurringMeetingWithAChosenPasscodeAndSeesItListedWithItsCode() {
    Chrome chrome = signedInHost("en-US");
    visible(chrome, "#new-form");

    chrome.driver().findElement(By.cssSelector("input[name='kind'][value='RECURRING']")).click();
    chrome.driver().findElement(By.id("new-title-input")).sendKeys("Weekly planning");
    new Select(visible(chrome, "#new-recurrence")).selectByValue("WEEKLY");
    WebElement count = chrome.driver().findElement(By.id("new-count"));
    count.clear();
    count.sendKeys("5");
    chrome.driver().findElement(By.id("new-passcode-own")).click();
    visible(chrome, "#new-passcode").sendKeys(CHOSEN_PASSCODE);
    chrome
        .waiting()
        .until(
            d -> {
              String word =
                  d.findElement(By.cssSelector("#new-passcode-strength .strength-word")).getText();
              return !word.isEmpty() && !word.equals("Not accepted");
            });
    chrome.driver().findElement(By.id("new-submit")).click();

    WebElement item = visible(chrome, ".meeting-item");
    String code = item.getAttribute("data-code");
    assertThat(code).matches(CODE);
    assertThat(item.getText()).contains("Weekly planning", code, "every week, 5 times");
    assertThat(visible(chrome, "#message").getText()).contains(code);

    item.findElement(By.cssSelector("a.meeting-title")).click();
    arriveAtDetails(chrome);
    waitForText(chrome, "#code", code);
    assertThat(visible(chrome, "#passcode").getText()).isEqualTo(CHOSEN_PASSCODE);
    assertThat(chrome.driver().findElement(By.id("when")).getText())
        .contains("every week, 5 times");
    assertThat(chrome.cspViolationsInConsole()).isEmpty();
  }

  @Test
  void weakChosenPasscodeIsRefusedWithAReadableMessage() {
    Chrome chrome = signedInHost("en-US");
    visible(chrome, "#new-form");

    chrome.driver().findElement(By.cssSelector("input[name='kind'][value='SCHEDULED']")).click();
    chrome.driver().findElement(By.id("new-passcode-own")).click();
    visible(chrome, "#new-passcode").sendKeys("12345678");
    chrome.driver().findElement(By.id("new-submit")).click();

    waitForText(
        chrome,
        "#new-message",
        "This passcode is too common and easy to guess. Choose another one, or use a generated"
            + " one.");
    assertThat(chrome.driver().findElements(By.cssSelector(".meeting-item"))).isEmpty();
    assertThat(visible(chrome, "#list-empty").getText()).isEqualTo("No meetings yet.");
  }

  @Test
  void hostAddsAPersonalInvitationCopiesItsLinkAndRevokesIt() {
    Chrome chrome = signedInHost("en-US");
    String code = scheduleAndOpen(chrome, "Board review");
    ((ChromeDriver) chrome.driver())
        .executeCdpCommand(
            "Browser.grantPermissions",
            Map.of(
                "origin",
                url(""),
                "permissions",
                List.of("clipboardReadWrite", "clipboardSanitizedWrite")));

    visible(chrome, "#invite-name").sendKeys("Nguyễn Văn An");
    chrome.driver().findElement(By.id("invite-email")).sendKeys("an@example.test");
    chrome.driver().findElement(By.id("invite-submit")).click();

    WebElement invite = visible(chrome, "li.invite");
    assertThat(invite.findElement(By.cssSelector(".invite-name")).getText())
        .isEqualTo("Nguyễn Văn An");
    String link = invite.findElement(By.cssSelector(".invite-link")).getText();
    assertThat(link).contains("/j/" + code + "#i=");
    invite.findElement(By.cssSelector("[data-action='copy-link']")).click();
    assertThat(clipboard(chrome)).isEqualTo(link);
    assertThat(visible(chrome, "#invite-text").getText())
        .contains("Nguyễn Văn An", link, "personal", "don't share");

    invite.findElement(By.cssSelector("[data-action='revoke']")).click();
    chrome.waiting().until(ExpectedConditions.alertIsPresent()).accept();

    waitForText(chrome, "li.invite .invite-status", "Revoked");
    WebElement revoked = chrome.driver().findElement(By.cssSelector("li.invite"));
    assertThat(revoked.getAttribute("class")).contains("revoked");
    assertThat(revoked.findElements(By.cssSelector(".invite-link"))).isEmpty();
    assertThat(revoked.findElements(By.cssSelector("[data-action='copy-link']"))).isEmpty();
    assertThat(chrome.cspViolationsInConsole()).isEmpty();
  }

  @Test
  void invitationTextHasTheCodeAndPasscodeInVietnameseAndInEnglish() {
    Chrome chrome = signedInHost("vi");
    String code = scheduleAndOpen(chrome, "Họp phòng kế toán");
    String passcode = visible(chrome, "#passcode").getText();
    assertThat(passcode).isNotBlank();

    chrome.driver().findElement(By.id("invitation-show")).click();
    String vietnamese = visible(chrome, "#invitation-text").getText();
    assertThat(vietnamese)
        .contains(
            "Cuộc họp: Họp phòng kế toán",
            "Mã cuộc họp: " + code,
            "Mật mã cuộc họp: " + passcode,
            "/j/" + code + "#k=");

    new Select(chrome.driver().findElement(By.id("language"))).selectByValue("en");
    chrome
        .waiting()
        .until(d -> d.findElement(By.id("invitation-text")).getText().contains("Meeting code:"));
    String english = chrome.driver().findElement(By.id("invitation-text")).getText();
    assertThat(english)
        .contains(
            "Meeting: Họp phòng kế toán",
            "Meeting code: " + code,
            "Passcode: " + passcode,
            "/j/" + code + "#k=");
    assertThat(english).doesNotContain("Mật mã");
    assertThat(chrome.cspViolationsInConsole()).isEmpty();
  }

  @Test
  void hostGeneratesANewPasscodeChangesASettingAndDeletesTheMeeting() {
    Chrome chrome = signedInHost("en-US");
    String code = scheduleAndOpen(chrome, "Settings check");
    String oldPasscode = visible(chrome, "#passcode").getText();
    String oldLink = chrome.driver().findElement(By.id("link")).getText();

    // The organisation requires a passcode (the default policy): the form says so and locks it.
    WebElement required = chrome.driver().findElement(By.id("edit-passcodeRequired"));
    assertThat(required.isSelected()).isTrue();
    assertThat(required.isEnabled()).isFalse();
    assertThat(chrome.driver().findElement(By.id("edit-passcodeRequired-policy")).getText())
        .isEqualTo("Your organisation requires a passcode for every meeting.");

    chrome.driver().findElement(By.id("passcode-submit")).click();
    chrome.waiting().until(d -> !d.findElement(By.id("passcode")).getText().equals(oldPasscode));
    assertThat(chrome.driver().findElement(By.id("link")).getText())
        .isNotEqualTo(oldLink)
        .contains("/j/" + code + "#k=");

    new Select(chrome.driver().findElement(By.id("edit-chat"))).selectByValue("HOSTS_ONLY");
    chrome.driver().findElement(By.id("edit-submit")).click();
    waitForText(chrome, "#edit-message", "Changes saved.");
    chrome.driver().navigate().refresh();
    waitUntilReady(chrome);
    assertThat(
            new Select(visible(chrome, "#edit-chat"))
                .getFirstSelectedOption()
                .getAttribute("value"))
        .isEqualTo("HOSTS_ONLY");

    chrome.driver().findElement(By.id("delete")).click();
    chrome.waiting().until(ExpectedConditions.alertIsPresent()).accept();
    chrome.waiting().until(ExpectedConditions.urlToBe(url("/meetings")));
    waitUntilReady(chrome);
    assertThat(visible(chrome, "#list-empty").getText()).isEqualTo("No meetings yet.");
    assertThat(chrome.driver().findElements(By.cssSelector("[data-code='" + code + "']")))
        .isEmpty();
    assertThat(chrome.cspViolationsInConsole()).isEmpty();
  }

  @Test
  void startNowCreatesAnInstantMeetingAndOpensItsRoom() {
    Chrome chrome = signedInHost("en-US");
    visible(chrome, "#new-form");
    assertThat(chrome.driver().findElement(By.id("new-submit")).getText()).isEqualTo("Start now");

    chrome.driver().findElement(By.id("new-submit")).click();

    chrome.waiting().until(ExpectedConditions.urlMatches("/j/" + CODE + "$"));
    assertThat(chrome.driver().getCurrentUrl()).doesNotContain("#");
  }

  @Test
  void memberWithoutTheHostRoleIsToldWhyThereIsNoForm() {
    User member = newUser("mt-member", Role.MEMBER);
    Chrome chrome = chrome("en-US");
    open(chrome, "/sign-in");
    signIn(chrome, member.username(), PASSWORD);
    arriveAt(chrome, "/account");
    open(chrome, "/meetings");

    assertThat(visible(chrome, "#message").getText())
        .contains("Ask an administrator for the host role");
    assertThat(chrome.driver().findElement(By.id("new-section")).isDisplayed()).isFalse();
    assertThat(chrome.driver().findElement(By.id("personal-section")).isDisplayed()).isFalse();
  }

  // ---- helpers ----

  private Chrome signedInHost(String language) {
    User host = newUser("mt-host", Role.HOST);
    Chrome chrome = chrome(language);
    open(chrome, "/sign-in");
    signIn(chrome, host.username(), PASSWORD);
    arriveAt(chrome, "/account");
    open(chrome, "/meetings");
    return chrome;
  }

  /** Schedules a meeting with the form's defaults and opens its details page; gives its code. */
  private String scheduleAndOpen(Chrome chrome, String title) {
    visible(chrome, "#new-form");
    chrome.driver().findElement(By.cssSelector("input[name='kind'][value='SCHEDULED']")).click();
    chrome.driver().findElement(By.id("new-title-input")).sendKeys(title);
    chrome.driver().findElement(By.id("new-submit")).click();
    WebElement item = visible(chrome, ".meeting-item");
    String code = item.getAttribute("data-code");
    item.findElement(By.cssSelector("a.meeting-title")).click();
    arriveAtDetails(chrome);
    waitForText(chrome, "#code", code);
    return code;
  }

  private void arriveAtDetails(Chrome chrome) {
    chrome.waiting().until(ExpectedConditions.urlMatches("/meetings/\\d+$"));
    waitUntilReady(chrome);
  }

  private static String clipboard(Chrome chrome) {
    return (String)
        ((ChromeDriver) chrome.driver())
            .executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                    + "navigator.clipboard.readText().then(done, (e) => done('unreadable: ' + e));");
  }
}
