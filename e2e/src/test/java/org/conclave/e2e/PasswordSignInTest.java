package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/** Signing in with a password on the sign-in page, in the browser's language. */
class PasswordSignInTest extends BrowserTest {

  @Test
  void signsInWithPasswordInVietnamese() {
    User user = newUser("vi", Role.MEMBER);
    Chrome chrome = chrome("vi");
    double before = violations.count();

    open(chrome, "/");
    arriveAt(chrome, "/sign-in");
    waitForText(chrome, "h1", "Đăng nhập");
    assertThat(chrome.driver().findElement(By.cssSelector("label[for=username]")).getText())
        .isEqualTo("Tên đăng nhập");
    assertThat(chrome.driver().findElement(By.cssSelector("html")).getAttribute("lang"))
        .isEqualTo("vi");

    signIn(chrome, user.username(), PASSWORD);

    arriveAt(chrome, "/account");
    waitForText(chrome, "h1", "Bảo mật tài khoản");
    assertThat(visible(chrome, "#signed-in-as").getText())
        .isEqualTo(
            "Bạn đang đăng nhập với tên " + user.displayName() + " (" + user.username() + ")");
    assertThat(chrome.driver().findElement(By.cssSelector("#password-title")).getText())
        .isEqualTo("Mật khẩu");
    assertThat(chrome.cspViolationsInConsole()).isEmpty();
    assertServerReceivedNoViolationsSince(chrome, before);
  }

  @Test
  void signsInWithPasswordInEnglish() {
    User user = newUser("en", Role.MEMBER);
    Chrome chrome = chrome("en-US");
    double before = violations.count();

    open(chrome, "/sign-in");
    waitForText(chrome, "h1", "Sign in");
    assertThat(chrome.driver().findElement(By.cssSelector("label[for=username]")).getText())
        .isEqualTo("User name");

    signIn(chrome, user.username(), PASSWORD);

    arriveAt(chrome, "/account");
    waitForText(chrome, "h1", "Account security");
    assertThat(visible(chrome, "#signed-in-as").getText())
        .isEqualTo("Signed in as " + user.displayName() + " (" + user.username() + ")");
    assertThat(chrome.driver().findElement(By.cssSelector("#password-title")).getText())
        .isEqualTo("Password");
    assertThat(chrome.cspViolationsInConsole()).isEmpty();
    assertServerReceivedNoViolationsSince(chrome, before);
  }

  @Test
  void wrongPasswordIsExplainedInTheReadersLanguage() {
    User user = newUser("wrong", Role.MEMBER);
    Chrome chrome = chrome("vi");
    open(chrome, "/sign-in");

    signIn(chrome, user.username(), "not the password at all 12");

    waitForText(
        chrome,
        "#message",
        "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng kiểm tra lại và thử lại.");
    assertThat(chrome.driver().getCurrentUrl()).isEqualTo(url("/sign-in"));
  }

  @Test
  void languageSwitcherChangesThePageAndIsRemembered() {
    Chrome chrome = chrome("en-US");
    open(chrome, "/sign-in");
    waitForText(chrome, "h1", "Sign in");

    new Select(chrome.driver().findElement(By.id("language"))).selectByValue("vi");

    waitForText(chrome, "h1", "Đăng nhập");
    assertThat(chrome.driver().findElement(By.id("sign-in")).getText()).isEqualTo("Đăng nhập");
    chrome.driver().navigate().refresh();
    waitUntilReady(chrome);
    waitForText(chrome, "h1", "Đăng nhập");
  }

  @Test
  void signedInVisitorOfTheStartPageGoesToTheAccountPage() {
    User user = newUser("home", Role.HOST);
    Chrome chrome = chrome("en-US");
    open(chrome, "/sign-in");
    signIn(chrome, user.username(), PASSWORD);
    arriveAt(chrome, "/account");

    chrome.driver().get(url("/"));

    arriveAt(chrome, "/account");
    waitForText(chrome, "h1", "Account security");
  }
}
