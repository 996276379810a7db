package org.conclave.server.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.conclave.server.audit.Actor;
import org.conclave.server.common.ClientAddress;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the pages need before anyone is signed in: the organisation's settings, the live password
 * meter, the administrator set-up link, invitations and self-registration.
 *
 * <p>None of these answers says whether an account exists, except where it cannot be avoided: the
 * holder of a valid invitation sees the invited name, and someone registering learns that a name
 * they asked for is taken. Every request is rate-limited per source address ({@link
 * AccountLimits}). Request fields have explicit size limits; tokens are at most 100 characters.
 */
@RestController
@RequestMapping("/api/v1/public")
class PublicAccountController {

  /** Caps on request fields (UTF-16 units); {@link AccountNames} applies the exact rules. */
  static final int USERNAME_MAX = 128;

  static final int DISPLAY_NAME_MAX = 400;
  static final int EMAIL_MAX = 320;
  static final int PASSWORD_MAX = 4096;
  static final int TOKEN_MAX = 100;

  record OidcSettings(boolean enabled, String displayName, String startUrl) {}

  record PublicConfig(
      String organisationName,
      boolean selfRegistration,
      OidcSettings oidc,
      int passwordMinLength,
      int passwordMaxLength) {}

  record PasswordCheckRequest(
      @NotNull @Size(max = PASSWORD_MAX) String password,
      @Size(max = USERNAME_MAX) String username,
      @Size(max = DISPLAY_NAME_MAX) String displayName,
      @Size(max = EMAIL_MAX) String email) {}

  record TokenRequest(@NotNull @Size(min = 1, max = TOKEN_MAX) String token) {}

  record Validity(boolean valid) {}

  record SetupRequest(
      @NotNull @Size(min = 1, max = TOKEN_MAX) String token,
      @NotNull @Size(min = 1, max = USERNAME_MAX) String username,
      @NotNull @Size(min = 1, max = DISPLAY_NAME_MAX) String displayName,
      @Size(max = EMAIL_MAX) String email,
      @NotNull @Size(min = 1, max = PASSWORD_MAX) String password) {}

  record InvitationCheck(boolean valid, String username, String displayName) {}

  record AcceptInvitationRequest(
      @NotNull @Size(min = 1, max = TOKEN_MAX) String token,
      @NotNull @Size(min = 1, max = PASSWORD_MAX) String password) {}

  record RegisterRequest(
      @NotNull @Size(min = 1, max = USERNAME_MAX) String username,
      @NotNull @Size(min = 1, max = DISPLAY_NAME_MAX) String displayName,
      @Size(max = EMAIL_MAX) String email,
      @NotNull @Size(min = 1, max = PASSWORD_MAX) String password) {}

  record AccountName(String username) {}

  private final AccountService accounts;
  private final AccountLimits limits;
  private final ConclaveProperties properties;
  private final PasswordPolicy policy;

  PublicAccountController(
      AccountService accounts,
      AccountLimits limits,
      ConclaveProperties properties,
      PasswordPolicy policy) {
    this.accounts = accounts;
    this.limits = limits;
    this.properties = properties;
    this.policy = policy;
  }

  /** The settings the sign-in, set-up, invitation and registration pages show. */
  @GetMapping("/config")
  PublicConfig config() {
    ConclaveProperties.Oidc oidc = properties.oidc();
    return new PublicConfig(
        properties.organisationName(),
        properties.accounts().selfRegistration(),
        new OidcSettings(
            oidc.enabled(),
            oidc.enabled() ? oidc.displayName() : null,
            oidc.enabled() ? "/oauth2/authorization/oidc" : null),
        policy.minLength(),
        policy.maxLength());
  }

  /**
   * Judges a password for someone without an account yet (set-up, invitation, registration): the
   * names they typed count as context words. Stores nothing, looks nothing up.
   */
  @PostMapping("/password-check")
  PasswordVerdict checkPassword(
      @Valid @RequestBody PasswordCheckRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    limits.take(AccountLimits.Limit.PASSWORD_CHECK, ClientAddress.of(request), response);
    return accounts.judge(
        body.password(),
        AccountService.contextOf(body.username(), body.displayName(), body.email()),
        null);
  }

  @PostMapping("/setup/check")
  Validity checkSetupLink(
      @Valid @RequestBody TokenRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    limits.take(AccountLimits.Limit.LINK, ClientAddress.of(request), response);
    return new Validity(accounts.setupLinkValid(body.token()));
  }

  /** Uses the one-time set-up link to create the first administrator. */
  @PostMapping("/setup")
  @ResponseStatus(HttpStatus.CREATED)
  AccountName setup(
      @Valid @RequestBody SetupRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    String address = ClientAddress.of(request);
    limits.take(AccountLimits.Limit.LINK, address, response);
    User admin =
        accounts.completeSetup(
            body.token(),
            body.username(),
            body.displayName(),
            body.email(),
            body.password(),
            Actor.anonymous(address));
    return new AccountName(admin.username());
  }

  /** Whether an invitation can still be used, and for whom (shown on the invitation page). */
  @PostMapping("/invites/check")
  InvitationCheck checkInvitation(
      @Valid @RequestBody TokenRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    limits.take(AccountLimits.Limit.LINK, ClientAddress.of(request), response);
    return accounts
        .invitedUser(body.token())
        .map(u -> new InvitationCheck(true, u.username(), u.displayName()))
        .orElse(new InvitationCheck(false, null, null));
  }

  /** Sets the invited account's password; the link is used up. */
  @PostMapping("/invites/accept")
  AccountName acceptInvitation(
      @Valid @RequestBody AcceptInvitationRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    String address = ClientAddress.of(request);
    limits.take(AccountLimits.Limit.LINK, address, response);
    User user = accounts.acceptInvite(body.token(), body.password(), Actor.anonymous(address));
    return new AccountName(user.username());
  }

  /** Self-registration of a MEMBER account, when {@code conclave.accounts.self-registration}. */
  @PostMapping("/register")
  @ResponseStatus(HttpStatus.CREATED)
  AccountName register(
      @Valid @RequestBody RegisterRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    if (!properties.accounts().selfRegistration()) {
      throw AccountService.registrationClosed();
    }
    String address = ClientAddress.of(request);
    limits.take(AccountLimits.Limit.REGISTER, address, response);
    User user =
        accounts.register(
            body.username(),
            body.displayName(),
            body.email(),
            body.password(),
            Actor.anonymous(address));
    return new AccountName(user.username());
  }
}
