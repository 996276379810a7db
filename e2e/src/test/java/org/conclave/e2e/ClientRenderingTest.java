package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The browser client on its own: the API answers are stubbed in the page (shapes from the REST
 * contract), so these tests show what the pages make of them, independently of the server's
 * endpoints: the lists, badges and sentences, in Vietnamese, and the live strength meter.
 */
class ClientRenderingTest extends BrowserTest {

  private static final long NOW = 1_790_000_000_000L;

  /**
   * Answers for "METHOD /path" requests (a body, or {status, body} for refusals); everything else
   * goes to the real server. The second %s takes more answers that replace or add to these.
   */
  private static final String STUB =
      """
      (() => {
        const now = %d;
        const answers = {
          'GET /api/v1/public/config': { organisationName: 'Sở Khoa học và Công nghệ',
            selfRegistration: true, passwordMinLength: 12, passwordMaxLength: 128,
            oidc: { enabled: true, displayName: 'Keycloak', startUrl: '/oauth2/authorization/oidc' } },
          'GET /api/v1/account/notices': [
            { id: 4, kind: 'account-throttled', detail: 'from 198.51.100.23', createdAt: now - 3600e3 } ],
          'GET /api/v1/account/second-factors': { totpEnabled: true, recoveryCodesLeft: 8, required: false,
            passkeys: [ { id: 1, name: 'Laptop cơ quan', createdAt: now - 86400e3 * 30, lastUsedAt: now - 7200e3 } ] },
          'GET /api/v1/account/sessions': [
            { id: 11, current: true, createdAt: now - 600e3, lastSeenAt: now, sourceAddress: '127.0.0.1',
              userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36' },
            { id: 12, current: false, createdAt: now - 86400e3, lastSeenAt: now - 3600e3, sourceAddress: '203.0.113.7',
              userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1' } ],
          'GET /api/v1/account/tokens': [
            { id: 21, name: 'Đồng bộ lịch', scopes: ['account:read'], createdAt: now - 86400e3 * 3,
              expiresAt: now + 86400e3 * 27, lastUsedAt: null } ],
          'POST /api/v1/account/password/check': { acceptable: false, score: 0, reason: 'too-common',
            message: 'This password is too common.' },
          'GET /api/v1/admin/users': [
            { id: 1, username: 'an.nguyen', displayName: 'Nguyễn Văn An', email: 'an@example.test', role: 'ADMIN',
              disabled: false, createdAt: now - 86400e3 * 90, totpEnabled: true, hasPassword: true },
            { id: 2, username: 'binh.tran', displayName: 'Trần Thị Bình', email: 'binh@example.test', role: 'HOST',
              disabled: false, createdAt: now - 86400e3 * 2, totpEnabled: false, hasPassword: false },
            { id: 3, username: 'cuong.le', displayName: 'Lê Văn Cường', email: null, role: 'MEMBER',
              disabled: true, createdAt: now - 86400e3 * 40, totpEnabled: false, hasPassword: true } ],
        };
        Object.assign(answers, %s);
        const realFetch = window.fetch.bind(window);
        window.fetch = (input, init) => {
          const url = new URL(typeof input === 'string' ? input : input.url, location.href);
          const key = ((init && init.method) || 'GET').toUpperCase() + ' ' + url.pathname;
          if (!Object.prototype.hasOwnProperty.call(answers, key)) {
            return realFetch(input, init);
          }
          const answer = answers[key];
          const refusal = answer && typeof answer.status === 'number';
          return Promise.resolve(new Response(JSON.stringify(refusal ? answer.body : answer), {
            status: refusal ? answer.status : 200,
            headers: { 'Content-Type': refusal ? 'application/problem+json' : 'application/json' } }));
        };
      })();
      """;

  private static String stub(String moreAnswers) {
    return STUB.formatted(NOW, moreAnswers);
  }

  private Chrome signedInWithStubs(String language, int width, int height) {
    return signedInWithStubs(language, width, height, "{}");
  }

  private Chrome signedInWithStubs(String language, int width, int height, String more) {
    User admin = newUser("render", Role.ADMIN);
    Chrome chrome = chrome(language, width, height);
    chrome.beforeEveryPage(stub(more));
    open(chrome, "/sign-in");
    signIn(chrome, admin.username(), PASSWORD);
    arriveAt(chrome, "/account");
    return chrome;
  }

  private static List<String> texts(Chrome chrome, String css) {
    return chrome.driver().findElements(By.cssSelector(css)).stream()
        .map(WebElement::getText)
        .toList();
  }

  @Test
  void signInPageOffersSingleSignOnAndRegistrationWhenTheOrganisationDoes() {
    Chrome chrome = chrome("vi");
    chrome.beforeEveryPage(stub("{}"));

    open(chrome, "/sign-in");

    assertThat(visible(chrome, "#sso").getText()).isEqualTo("Đăng nhập bằng Keycloak");
    assertThat(chrome.driver().findElement(By.id("sso")).getAttribute("href"))
        .isEqualTo(url("/oauth2/authorization/oidc"));
    assertThat(visible(chrome, "#register a").getText()).isEqualTo("Đăng ký tài khoản");
    assertThat(chrome.driver().findElement(By.cssSelector(".lead")).getText())
        .isEqualTo("để tiếp tục vào Sở Khoa học và Công nghệ");
    chrome.screenshot("stubbed-vi-sign-in");
  }

  @Test
  void accountPageShowsNoticesFactorsSessionsAndTokensInVietnamese() {
    Chrome chrome = signedInWithStubs("vi", 1280, 900);

    chrome.waiting().until(d -> !texts(chrome, "#token-list .item-title").isEmpty());
    assertThat(texts(chrome, "#notices .notice-body p").get(0))
        .startsWith("Vào ")
        .contains("có người đã nhập sai mật khẩu quá nhiều lần vào tài khoản của bạn");
    assertThat(texts(chrome, "#notices .notice-body p").get(1))
        .isEqualTo("Địa chỉ nguồn: 198.51.100.23");
    assertThat(visible(chrome, "#totp-status").getText())
        .contains("Ứng dụng xác thực:")
        .contains("Đang bật")
        .contains("Còn 8 mã khôi phục");
    assertThat(texts(chrome, "#passkey-list .item-title")).containsExactly("Laptop cơ quan");
    assertThat(texts(chrome, "#session-list .item-title"))
        .containsExactly("Chrome trên Linux\nThiết bị này", "Safari trên iOS");
    assertThat(texts(chrome, "#session-list .item-meta").get(1)).contains("từ địa chỉ 203.0.113.7");
    assertThat(texts(chrome, "#token-list .item-title")).containsExactly("Đồng bộ lịch");
    assertThat(texts(chrome, "#token-list .item-meta").get(0))
        .contains("Xem thông tin tài khoản và thông báo")
        .contains("Chưa dùng lần nào");
    chrome.fullPageScreenshot("stubbed-vi-account");
  }

  @Test
  void strengthMeterExplainsARefusedPassword() {
    Chrome chrome = signedInWithStubs("vi", 1280, 900);

    visible(chrome, "#new-password").sendKeys("matkhau123456");

    waitForText(chrome, "#new-password-strength .strength-word", "Chưa đạt yêu cầu");
    assertThat(chrome.driver().findElement(By.cssSelector(".strength-reason")).getText())
        .isEqualTo("Mật khẩu này quá phổ biến, dễ bị đoán. Vui lòng chọn mật khẩu khác.");
    assertThat(
            chrome
                .driver()
                .findElement(By.cssSelector("#new-password-strength meter"))
                .getAttribute("value"))
        .isEqualTo("0");
    chrome.screenshot("stubbed-vi-strength-meter");
  }

  @Test
  void adminPageListsUsersWithWordsForTheirState() {
    Chrome chrome = signedInWithStubs("vi", 1280, 900);
    open(chrome, "/admin/users");

    chrome.waiting().until(d -> texts(chrome, "#user-rows tr").size() == 3);
    assertThat(texts(chrome, "#user-rows .badge"))
        .containsExactly("Đang hoạt động", "Đã mời", "Đã vô hiệu hóa");
    assertThat(texts(chrome, "#user-rows td:nth-child(3)"))
        .containsExactly("Quản trị viên", "Người chủ trì", "Thành viên");
    assertThat(texts(chrome, "#user-rows tr:nth-child(2) .actions button"))
        .containsExactly("Tạo liên kết mời mới", "Vô hiệu hóa");
    assertThat(texts(chrome, "#user-rows tr:nth-child(3) .actions button"))
        .containsExactly("Kích hoạt lại");
    chrome.fullPageScreenshot("stubbed-vi-admin-users");
  }

  @Test
  void adminPageTurnsIntoCardsOnAPhone() {
    Chrome chrome = signedInWithStubs("vi", 360, 740);
    open(chrome, "/admin/users");

    chrome.waiting().until(d -> texts(chrome, "#user-rows tr").size() == 3);
    long page = (Long) chrome.script("return document.documentElement.scrollWidth");
    long table = (Long) chrome.script("return document.querySelector('.table-wrap').scrollWidth");
    long tableBox =
        (Long) chrome.script("return document.querySelector('.table-wrap').clientWidth");
    assertThat(page).isLessThanOrEqualTo(360);
    assertThat(table).as("the user list needs no sideways scrolling").isLessThanOrEqualTo(tableBox);
    chrome.fullPageScreenshot("stubbed-phone-vi-admin-users");
  }

  @Test
  void authenticatorEnrolmentShowsTheKeyThenTheRecoveryCodesOnce() {
    Chrome chrome =
        signedInWithStubs(
            "en-US",
            1280,
            900,
            """
            { 'GET /api/v1/account/second-factors': { totpEnabled: false, recoveryCodesLeft: 0,
                required: false, passkeys: [] },
              'POST /api/v1/account/totp/setup': { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
                otpauthUri: 'otpauth://totp/x', qrCodeUrl: '/icons/shield.svg' },
              'POST /api/v1/account/totp/confirm': { recoveryCodes: ['abcd-efgh-jk', 'mnpq-rstv-wx',
                'yz23-4567-89', 'a2b3-c4d5-e6', 'f7g8-h9jk-mn', 'pq2r-3st4-v5', 'wx6y-z7a8-b9',
                'c2d3-e4f5-g6', 'h7j8-k9m2-n3', 'p4q5-r6s7-t8'] } }
            """);

    waitForText(chrome, "#totp-status .badge", "Off");
    visible(chrome, "#totp-start").click();

    assertThat(visible(chrome, "#totp-secret").getText())
        .isEqualTo("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
    assertThat(chrome.driver().findElement(By.id("totp-qr")).getAttribute("src"))
        .startsWith(url("/icons/shield.svg?v="));
    chrome.screenshot("stubbed-en-totp-enrol");
    chrome.driver().findElement(By.id("totp-code")).sendKeys("123 456");
    chrome.driver().findElement(By.id("totp-confirm")).click();
    visible(chrome, "#recovery-codes");
    assertThat(texts(chrome, "#recovery-list li")).hasSize(10).first().isEqualTo("abcd-efgh-jk");
    assertThat(chrome.driver().findElement(By.id("totp-secret")).getText()).isEmpty();
    chrome.fullPageScreenshot("stubbed-en-recovery-codes");
    chrome.driver().findElement(By.id("recovery-done")).click();
    assertThat(chrome.driver().findElements(By.cssSelector("#recovery-list li"))).isEmpty();
  }

  @Test
  void secondFactorPageOffersTheMethodsAndExplainsAWrongCode() {
    Chrome chrome = chrome("vi");
    chrome.beforeEveryPage(
        stub(
            """
            { 'GET /api/v1/session': { authenticated: false, secondFactorPending: true,
                user: { id: 5, username: 'an', displayName: 'An', role: 'MEMBER' }, csrfToken: 'x' },
              'POST /api/v1/auth/second-factor/totp': { status: 401, body: { status: 401,
                code: 'second-factor-failed', detail: 'That code did not work.' } } }
            """));

    open(chrome, "/sign-in/second-factor");

    assertThat(texts(chrome, ".choice"))
        .containsExactly("Ứng dụng xác thực", "Khóa truy cập (passkey)", "Mã khôi phục");
    visible(chrome, "#totp-code").sendKeys("000000");
    chrome.driver().findElement(By.id("totp-submit")).click();
    waitForText(
        chrome,
        "#message",
        "Mã chưa đúng. Vui lòng kiểm tra giờ trên điện thoại và nhập mã mới nhất trong ứng dụng.");
    chrome.screenshot("stubbed-vi-second-factor");
    chrome.driver().findElement(By.cssSelector(".choice[data-method='recovery-code']")).click();
    assertThat(visible(chrome, "#recovery-code").isDisplayed()).isTrue();
    assertThat(chrome.driver().findElement(By.id("totp-code")).isDisplayed()).isFalse();
  }

  @Test
  void invitationPageGreetsTheInvitedPersonAndRatesTheirPassword() {
    Chrome chrome = chrome("vi");
    chrome.beforeEveryPage(
        stub(
            """
            { 'POST /api/v1/public/invites/check': { valid: true, username: 'binh.tran',
                displayName: 'Trần Thị Bình' },
              'POST /api/v1/public/password-check': { acceptable: true, score: 4, reason: null,
                message: null } }
            """));

    open(chrome, "/invite#an-invitation-token");

    waitForText(chrome, "h1", "Chào mừng Trần Thị Bình");
    assertThat(chrome.driver().findElement(By.id("username")).getAttribute("value"))
        .isEqualTo("binh.tran");
    assertThat(chrome.driver().getCurrentUrl()).isEqualTo(url("/invite"));
    visible(chrome, "#password").sendKeys("mây trắng bay qua đồi sim 2024");
    waitForText(chrome, "#password-strength .strength-word", "Mạnh");
    chrome.screenshot("stubbed-vi-invite");
  }

  @Test
  void setupPageCreatesTheFirstAdministratorAndLeadsToSignIn() {
    Chrome chrome = chrome("en-US");
    chrome.beforeEveryPage(
        stub(
            """
            { 'POST /api/v1/public/setup/check': { valid: true },
              'POST /api/v1/public/password-check': { acceptable: false, score: 1,
                reason: 'contains-personal-info', message: 'x' },
              'POST /api/v1/public/setup': { username: 'an.nguyen' } }
            """));

    open(chrome, "/setup#a-set-up-token");

    assertThat(chrome.driver().getCurrentUrl()).isEqualTo(url("/setup"));
    visible(chrome, "#display-name").sendKeys("Nguyễn Văn An");
    chrome.driver().findElement(By.id("username")).sendKeys("an.nguyen");
    chrome.driver().findElement(By.id("password")).sendKeys("an.nguyen2024!");
    waitForText(
        chrome,
        "#password-strength .strength-reason",
        "Don't build your password from your name, your e-mail or the organisation's name.");
    chrome.screenshot("stubbed-en-setup");
    chrome.driver().findElement(By.id("submit")).click();

    arriveAt(chrome, "/sign-in");
    assertThat(chrome.driver().findElement(By.id("username")).getAttribute("value"))
        .isEqualTo("an.nguyen");
    waitForText(chrome, "#message", "Your account is ready. Sign in with your new password.");
  }
}
