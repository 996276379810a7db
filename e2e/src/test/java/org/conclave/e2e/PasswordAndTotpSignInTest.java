package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.bastiaanjansen.otp.HMACAlgorithm;
import com.bastiaanjansen.otp.TOTPGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The whole two-factor journey in a browser: sign in with a password, turn on the authenticator app
 * from the manual key shown on the account page, save the recovery codes, then sign in on another
 * browser with the password and a code from the app and reach the account page. Once in Vietnamese,
 * once in English, with no Content-Security-Policy violation on the way (the QR code image
 * included).
 *
 * <p>Needs the second-factor endpoints (the mfa branch).
 */
class PasswordAndTotpSignInTest extends BrowserTest {

  private static final long STEP_MILLIS = 30_000;

  record Texts(
      String language,
      String accountTitle,
      String secondFactorTitle,
      String codeLabel,
      String totpOn) {}

  private static final Texts VIETNAMESE =
      new Texts(
          "vi",
          "Bảo mật tài khoản",
          "Xác minh đăng nhập",
          "Mã 6 chữ số trong ứng dụng xác thực",
          "Đang bật");
  private static final Texts ENGLISH =
      new Texts(
          "en-US",
          "Account security",
          "Verify it's you",
          "6-digit code from your authenticator app",
          "On");

  @Test
  void signsInWithPasswordAndAuthenticatorCodeInVietnamese() {
    journey(VIETNAMESE);
  }

  @Test
  void signsInWithPasswordAndAuthenticatorCodeInEnglish() {
    journey(ENGLISH);
  }

  private void journey(Texts texts) {
    User user = newUser("totp", Role.MEMBER);
    Chrome chrome = chrome(texts.language());
    double before = violations.count();

    // Password only, then turn on the authenticator app with the key shown on the page.
    open(chrome, "/sign-in");
    signIn(chrome, user.username(), PASSWORD);
    arriveAt(chrome, "/account");
    waitForText(chrome, "h1", texts.accountTitle());
    visible(chrome, "#totp-start").click();
    String key = visible(chrome, "#totp-secret").getText().replace(" ", "");
    assertThat(key).matches("[A-Z2-7]{16,}=*");
    chrome
        .waiting()
        .until(
            d ->
                Boolean.TRUE.equals(
                    chrome.script(
                        "const i = document.getElementById('totp-qr');"
                            + " return i.complete && i.naturalWidth > 0;")));
    long enrolledStep = Instant.now().toEpochMilli() / STEP_MILLIS;
    chrome.driver().findElement(By.id("totp-code")).sendKeys(codeAt(key, enrolledStep));
    chrome.driver().findElement(By.id("totp-confirm")).click();

    visible(chrome, "#recovery-codes");
    assertThat(chrome.driver().findElements(By.cssSelector("#recovery-list li"))).hasSize(10);
    chrome.driver().findElement(By.id("recovery-done")).click();
    waitForText(chrome, "#totp-status .badge", texts.totpOn());

    // Sign in again, in another browser: now the password is not enough.
    Chrome other = chrome(texts.language());
    open(other, "/sign-in");
    signIn(other, user.username(), PASSWORD);
    arriveAt(other, "/sign-in/second-factor");
    waitForText(other, "h1", texts.secondFactorTitle());
    assertThat(other.driver().findElement(By.cssSelector("label[for=totp-code]")).getText())
        .isEqualTo(texts.codeLabel());

    // A code of a later time step than the one used to enrol (a code works only once): the
    // current step, or the next one (accepted as one step of clock drift) if still the same.
    long now = Instant.now().toEpochMilli() / STEP_MILLIS;
    visible(other, "#totp-code").sendKeys(codeAt(key, Math.max(now, enrolledStep + 1)));
    other.driver().findElement(By.id("totp-submit")).click();

    arriveAt(other, "/account");
    waitForText(other, "h1", texts.accountTitle());
    visible(other, "#signed-in-as");
    assertThat(chrome.cspViolationsInConsole()).isEmpty();
    assertThat(other.cspViolationsInConsole()).isEmpty();
    assertServerReceivedNoViolationsSince(other, before);
  }

  /** The six-digit code an authenticator app shows for this key during the given time step. */
  private static String codeAt(String base32Key, long step) {
    TOTPGenerator totp =
        new TOTPGenerator.Builder(base32Key.getBytes(StandardCharsets.US_ASCII))
            .withHOTPGenerator(h -> h.withPasswordLength(6).withAlgorithm(HMACAlgorithm.SHA1))
            .withPeriod(Duration.ofMillis(STEP_MILLIS))
            .build();
    return totp.at(Instant.ofEpochMilli(step * STEP_MILLIS));
  }
}
