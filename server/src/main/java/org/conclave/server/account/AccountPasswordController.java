package org.conclave.server.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.conclave.server.audit.Actor;
import org.conclave.server.auth.SignedInUser;
import org.conclave.server.common.ApiException;
import org.conclave.server.common.ClientAddress;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A signed-in user's own password: the live check (with their names and their last passwords) and
 * the change, which needs the current password and ends the user's other sessions. Only a browser
 * session may use them, never an API token (the URL rules say so too).
 */
@RestController
class AccountPasswordController {

  record ChangePasswordRequest(
      @NotNull @Size(min = 1, max = PublicAccountController.PASSWORD_MAX) String currentPassword,
      @NotNull @Size(min = 1, max = PublicAccountController.PASSWORD_MAX) String newPassword) {}

  record CheckRequest(@NotNull @Size(max = PublicAccountController.PASSWORD_MAX) String password) {}

  private final AccountService accounts;
  private final Users users;
  private final AccountLimits limits;

  AccountPasswordController(AccountService accounts, Users users, AccountLimits limits) {
    this.accounts = accounts;
    this.users = users;
    this.limits = limits;
  }

  /**
   * Changes the password. Wrong current passwords are limited per user ({@link
   * AccountLimits.Limit#CURRENT_PASSWORD}) before any hash is computed; attempts with the right
   * current password do not count against the limit.
   */
  @PostMapping("/api/v1/account/password")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void change(
      @AuthenticationPrincipal SignedInUser user,
      @Valid @RequestBody ChangePasswordRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    requireSession(user);
    String key = Long.toString(user.id());
    limits.take(AccountLimits.Limit.CURRENT_PASSWORD, key, response);
    try {
      accounts.changePassword(
          user.id(),
          body.currentPassword(),
          body.newPassword(),
          user.sessionId(),
          new Actor(user.id(), user.username(), ClientAddress.of(request)));
    } catch (ApiException e) {
      if (!"current-password-wrong".equals(e.code())) {
        limits.giveBack(AccountLimits.Limit.CURRENT_PASSWORD, key);
      }
      throw e;
    }
    limits.giveBack(AccountLimits.Limit.CURRENT_PASSWORD, key);
  }

  /**
   * Judges a new password for the signed-in user, including whether it is one of their last
   * passwords. Reuse costs Argon2id work, so it is checked at most {@link
   * AccountLimits.Limit#REUSE_CHECK} times per window; beyond that the answer leaves reuse out
   * (changing the password still refuses it). Clients should wait for a pause in typing.
   */
  @PostMapping("/api/v1/account/password/check")
  PasswordVerdict check(
      @AuthenticationPrincipal SignedInUser user, @Valid @RequestBody CheckRequest body) {
    requireSession(user);
    User account = users.byId(user.id()).orElseThrow();
    PasswordVerdict verdict = accounts.judge(body.password(), account.contextWords(), null);
    if (verdict.acceptable()
        && limits.tryTake(AccountLimits.Limit.REUSE_CHECK, Long.toString(user.id()))) {
      verdict = accounts.withReuse(verdict, user.id(), body.password());
    }
    return verdict;
  }

  private static void requireSession(SignedInUser user) {
    if (user == null || user.secondFactorPending()) {
      throw ApiException.forbidden("forbidden", "You are not allowed to do this.");
    }
    user.requireBrowserSession();
  }
}
