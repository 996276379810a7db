package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Journeys through the account and admin pages against the real endpoints: an administrator invites
 * someone who sets a password (with the live strength meter) and signs in; a person changes their
 * password; a person creates an API token, sees it once and revokes it.
 *
 * <p>Needs the account endpoints (the account branch) and the sessions and tokens endpoints (the
 * sessions branch).
 */
class AccountJourneysTest extends BrowserTest {

  @Test
  void invitedPersonSetsAPasswordAndSignsIn() {
    User admin = newUser("inviter", Role.ADMIN);
    Chrome chrome = chrome("vi");
    open(chrome, "/sign-in");
    signIn(chrome, admin.username(), PASSWORD);
    arriveAt(chrome, "/account");
    open(chrome, "/admin/users");

    String username = "invited-" + System.nanoTime() % 1_000_000;
    visible(chrome, "#new-username").sendKeys(username);
    chrome.driver().findElement(By.id("new-display-name")).sendKeys("Phạm Thị Dung");
    new Select(chrome.driver().findElement(By.id("new-role"))).selectByValue("HOST");
    chrome.driver().findElement(By.id("create-submit")).click();

    String invitation = visible(chrome, "#invite-url").getText();
    assertThat(invitation).contains("/invite#");
    chrome.waiting().until(d -> chrome.driver().getPageSource().contains(username));

    Chrome invited = chrome("vi");
    invited.driver().get(url(invitation.substring(invitation.indexOf("/invite#"))));
    waitUntilReady(invited);
    waitForText(invited, "h1", "Chào mừng Phạm Thị Dung");
    invited.driver().findElement(By.id("password")).sendKeys("123456789012");
    waitForText(invited, "#password-strength .strength-word", "Chưa đạt yêu cầu");
    invited.driver().findElement(By.id("password")).clear();
    invited.driver().findElement(By.id("password")).sendKeys("gió mùa đông bắc về muộn 1987");
    invited
        .waiting()
        .until(
            ExpectedConditions.not(
                ExpectedConditions.textToBe(
                    By.cssSelector("#password-strength .strength-word"), "Chưa đạt yêu cầu")));
    invited.driver().findElement(By.id("submit")).click();

    arriveAt(invited, "/sign-in");
    assertThat(invited.driver().findElement(By.id("username")).getAttribute("value"))
        .isEqualTo(username);
    invited.driver().findElement(By.id("password")).sendKeys("gió mùa đông bắc về muộn 1987");
    invited.driver().findElement(By.id("sign-in")).click();
    arriveAt(invited, "/account");
    waitForText(invited, "h1", "Bảo mật tài khoản");
    assertThat(invited.cspViolationsInConsole()).isEmpty();
    assertThat(chrome.cspViolationsInConsole()).isEmpty();
  }

  @Test
  void personChangesTheirPasswordAfterTheMeterExplainsARefusal() {
    User user = newUser("changer", Role.MEMBER);
    Chrome chrome = chrome("en-US");
    open(chrome, "/sign-in");
    signIn(chrome, user.username(), PASSWORD);
    arriveAt(chrome, "/account");

    visible(chrome, "#new-password").sendKeys(PASSWORD);
    waitForText(chrome, "#new-password-strength .strength-word", "Not accepted");
    assertThat(chrome.driver().findElement(By.cssSelector(".strength-reason")).getText())
        .isEqualTo("You used this password recently. Choose one you haven't used before.");
    chrome.driver().findElement(By.id("new-password")).clear();
    chrome.driver().findElement(By.id("current-password")).sendKeys(PASSWORD);
    chrome.driver().findElement(By.id("new-password")).sendKeys("quiet lantern orchard ferry 58");
    chrome.driver().findElement(By.id("password-submit")).click();

    waitForText(
        chrome,
        "#password-message",
        "Your password was changed. Your other sessions were signed out.");
  }

  @Test
  void personCreatesAnApiTokenSeesItOnceAndRevokesIt() {
    User user = newUser("tokens", Role.MEMBER);
    Chrome chrome = chrome("en-US");
    open(chrome, "/sign-in");
    signIn(chrome, user.username(), PASSWORD);
    arriveAt(chrome, "/account");

    visible(chrome, "#token-name").sendKeys("Calendar sync");
    chrome
        .driver()
        .findElement(By.cssSelector("#token-scopes input[value='meetings:read']"))
        .click();
    chrome.driver().findElement(By.id("token-create")).click();

    String token = visible(chrome, "#new-token-value").getText();
    assertThat(token).hasSizeGreaterThan(30);
    chrome
        .waiting()
        .until(d -> chrome.driver().findElements(By.cssSelector("#token-list .item")).size() == 1);
    assertThat(chrome.driver().findElement(By.cssSelector("#token-list .item-title")).getText())
        .isEqualTo("Calendar sync");
    assertThat(chrome.driver().findElement(By.cssSelector("#token-list .item-meta")).getText())
        .contains("See your account and notices, See meetings");
    assertThat(
            chrome.driver().findElements(By.cssSelector("#token-scopes input[value='admin:read']")))
        .as("only administrators may grant admin:read")
        .isEmpty();

    chrome.driver().findElement(By.cssSelector("#token-list .item button")).click();
    chrome.driver().switchTo().alert().accept();

    waitForText(chrome, "#tokens-message", "The token “Calendar sync” was revoked.");
    visible(chrome, "#token-list .empty");
    assertThat(chrome.driver().findElement(By.id("new-token")).isDisplayed()).isFalse();
  }
}
