package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.junit.jupiter.api.Test;

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
  }

  private static void assertFitsWidth(Chrome chrome, String page) {
    long scroll = (Long) chrome.script("return document.documentElement.scrollWidth");
    long client = (Long) chrome.script("return document.documentElement.clientWidth");
    assertThat(scroll).as("page width of %s", page).isLessThanOrEqualTo(client);
  }
}
