package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The pages work on a phone: at 360 CSS pixels wide nothing needs sideways scrolling. Screenshots
 * of each page (phone and desktop) are saved under e2e/target/screenshots for people to look at.
 */
class LayoutTest extends BrowserTest {

  private static final List<String> PUBLIC_PAGES =
      List.of("/sign-in", "/setup#not-a-real-token", "/register", "/error.html");

  @Test
  void pagesFitAPhoneScreenWithoutSidewaysScrolling() {
    User admin = newUser("narrow", Role.ADMIN);
    Chrome chrome = chrome("vi", 360, 740);
    for (String page : PUBLIC_PAGES) {
      open(chrome, page);
      visible(chrome, "h1");
      assertFitsWidth(chrome, page);
      chrome.screenshot("phone-vi" + page.replaceAll("[^a-z]+", "-"));
    }
    open(chrome, "/sign-in");
    signIn(chrome, admin.username(), PASSWORD);
    arriveAt(chrome, "/account");
    visible(chrome, "#signed-in-as");
    assertFitsWidth(chrome, "/account");
    chrome.fullPageScreenshot("phone-vi-account");
    open(chrome, "/admin/users");
    visible(chrome, "#create-form");
    assertFitsWidth(chrome, "/admin/users");
    chrome.screenshot("phone-vi-admin-users");
    open(chrome, "/meetings");
    visible(chrome, "#new-form");
    visible(chrome, "input[name='kind'][value='RECURRING']").click();
    visible(chrome, "details.settings-box > summary").click();
    visible(chrome, "#new-participantLimit");
    visible(chrome, "#personal-section");
    assertFitsWidth(chrome, "/meetings");
    chrome.fullPageScreenshot("phone-vi-meetings");
    visible(chrome, "#personal-details").click();
    chrome.waiting().until(ExpectedConditions.urlMatches("/meetings/\\d+$"));
    waitUntilReady(chrome);
    visible(chrome, "#invite-form");
    assertFitsWidth(chrome, "/meetings/<personal room>");
    chrome.fullPageScreenshot("phone-vi-meeting-details");
  }

  @Test
  void desktopScreenshots() {
    User admin = newUser("wide", Role.ADMIN);
    Chrome chrome = chrome("en-US", 1280, 800);
    open(chrome, "/sign-in");
    waitForText(chrome, "h1", "Sign in");
    chrome.fullPageScreenshot("desktop-en-sign-in");
    signIn(chrome, admin.username(), PASSWORD);
    arriveAt(chrome, "/account");
    visible(chrome, "#signed-in-as");
    assertFitsWidth(chrome, "/account");
    chrome.fullPageScreenshot("desktop-en-account");
    open(chrome, "/admin/users");
    visible(chrome, "#create-form");
    chrome.screenshot("desktop-en-admin-users");
    open(chrome, "/meetings");
    visible(chrome, "#new-form");
    visible(chrome, "#personal-section");
    chrome.fullPageScreenshot("desktop-en-meetings");
  }

  private static void assertFitsWidth(Chrome chrome, String page) {
    long scroll = (Long) chrome.script("return document.documentElement.scrollWidth");
    long client = (Long) chrome.script("return document.documentElement.clientWidth");
    assertThat(scroll).as("page width of %s", page).isLessThanOrEqualTo(client);
  }
}
