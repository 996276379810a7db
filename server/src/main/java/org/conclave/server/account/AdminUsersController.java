package org.conclave.server.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.conclave.server.audit.Actor;
import org.conclave.server.auth.SignedInUser;
import org.conclave.server.common.ApiException;
import org.conclave.server.common.ClientAddress;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administrators' user list: see every account, create one with an invitation link, send a new
 * invitation (which doubles as a password reset link), disable and enable. The URL rules already
 * keep everyone but administrators out of {@code /api/v1/admin/**} (and API tokens out of every
 * change); every method checks again.
 */
@RestController
@RequestMapping("/api/v1/admin/users")
class AdminUsersController {

  /** One account as the list shows it. Never includes secrets or hashes. */
  record AdminUser(
      long id,
      String username,
      String displayName,
      String email,
      Role role,
      boolean disabled,
      Instant createdAt,
      boolean totpEnabled,
      boolean hasPassword) {

    static AdminUser of(User u) {
      return new AdminUser(
          u.id(),
          u.username(),
          u.displayName(),
          u.email(),
          u.role(),
          u.disabled(),
          Instant.ofEpochMilli(u.createdAt()),
          u.totpEnabled(),
          u.passwordHash() != null);
    }
  }

  record CreateUserRequest(
      @NotNull @Size(min = 1, max = PublicAccountController.USERNAME_MAX) String username,
      @NotNull @Size(min = 1, max = PublicAccountController.DISPLAY_NAME_MAX) String displayName,
      @Size(max = PublicAccountController.EMAIL_MAX) String email,
      @NotNull Role role) {}

  record CreatedUserResponse(AdminUser user, String inviteUrl) {}

  record InviteResponse(String inviteUrl) {}

  private final AccountService accounts;
  private final Users users;
  private final ConclaveProperties properties;

  AdminUsersController(AccountService accounts, Users users, ConclaveProperties properties) {
    this.accounts = accounts;
    this.users = users;
    this.properties = properties;
  }

  @GetMapping
  List<AdminUser> list(@AuthenticationPrincipal SignedInUser admin) {
    requireAdmin(admin, false);
    return users.all().stream().map(AdminUser::of).toList();
  }

  /** Creates an account without a password and returns its invitation link (valid 7 days). */
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  CreatedUserResponse create(
      @AuthenticationPrincipal SignedInUser admin,
      @Valid @RequestBody CreateUserRequest body,
      HttpServletRequest request) {
    requireAdmin(admin, true);
    AccountService.CreatedUser created =
        accounts.invite(
            body.username(), body.displayName(), body.email(), body.role(), actor(admin, request));
    return new CreatedUserResponse(AdminUser.of(created.user()), inviteUrl(created.inviteToken()));
  }

  @PostMapping("/{id}/disable")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void disable(
      @AuthenticationPrincipal SignedInUser admin,
      @PathVariable long id,
      HttpServletRequest request) {
    requireAdmin(admin, true);
    accounts.setDisabled(id, true, actor(admin, request));
  }

  @PostMapping("/{id}/enable")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void enable(
      @AuthenticationPrincipal SignedInUser admin,
      @PathVariable long id,
      HttpServletRequest request) {
    requireAdmin(admin, true);
    accounts.setDisabled(id, false, actor(admin, request));
  }

  /** Replaces the user's pending invitations with a new link and returns it. */
  @PostMapping("/{id}/invite")
  InviteResponse invite(
      @AuthenticationPrincipal SignedInUser admin,
      @PathVariable long id,
      HttpServletRequest request) {
    requireAdmin(admin, true);
    return new InviteResponse(inviteUrl(accounts.reinvite(id, actor(admin, request))));
  }

  /** The token goes in the fragment: browsers send it neither to servers nor in Referer. */
  private String inviteUrl(String token) {
    return properties.publicUrl() + "/invite#" + token;
  }

  private static Actor actor(SignedInUser admin, HttpServletRequest request) {
    return new Actor(admin.id(), admin.username(), ClientAddress.of(request));
  }

  /** Refuses anyone but an administrator; changes also need a browser session, not a token. */
  private static void requireAdmin(SignedInUser user, boolean change) {
    if (user == null || user.secondFactorPending() || user.role() != Role.ADMIN) {
      throw ApiException.forbidden("forbidden", "You are not allowed to do this.");
    }
    if (change) {
      user.requireBrowserSession();
    }
  }
}
