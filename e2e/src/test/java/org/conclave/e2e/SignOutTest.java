package org.conclave.e2e;

import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.junit.jupiter.api.Test;

/**
 * Signing out in the browser ends the session: the sign-in page says so, and the account page is no
 * longer reachable.
 *
 * <p>Needs sign-out to end the authentication on the server (see the report of the webui branch:
 * Spring Security's HTTP session must not keep the authentication after our session ends).
 */
class SignOutTest extends BrowserTest {

  @Test
  void signOutEndsTheSessionAndReturnsToTheSignInPage() {
    User user = newUser("out", Role.MEMBER);
    Chrome chrome = chrome("en-US");
    open(chrome, "/sign-in");
    signIn(chrome, user.username(), PASSWORD);
    arriveAt(chrome, "/account");
    waitForText(chrome, "h1", "Account security");

    visible(chrome, "#sign-out").click();

    arriveAt(chrome, "/sign-in");
    waitForText(chrome, "#message", "You have signed out.");
    chrome.driver().get(url("/account"));
    arriveAt(chrome, "/sign-in");
    waitForText(chrome, "h1", "Sign in");
  }
}
