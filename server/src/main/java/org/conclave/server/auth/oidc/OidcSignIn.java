package org.conclave.server.auth.oidc;

import java.util.Locale;
import java.util.Optional;
import org.conclave.server.account.AccountService;
import org.conclave.server.account.Role;
import org.conclave.server.account.User;
import org.conclave.server.account.Users;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.auth.SessionStore;
import org.conclave.server.common.Secrets;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns an identity the provider has vouched for into a Conclave account and session:
 *
 * <ol>
 *   <li>the account already linked to this (issuer, subject), if any;
 *   <li>else, when {@code match-by-email} is on and the provider says the e-mail address is
 *       verified, the account with that address, which is then linked (an account linked to another
 *       identity is never re-linked);
 *   <li>else a new account with the configured default role and a user name made from {@code
 *       preferred_username} or the e-mail address, made unique.
 * </ol>
 *
 * Disabled accounts are refused. Never matched: user names, and e-mail addresses the provider has
 * not verified (otherwise anyone who can name an e-mail address at the provider could take over the
 * Conclave account that has it).
 */
@Service
class OidcSignIn {

  /** What the provider vouched for, taken from the validated ID token and user-info answer. */
  record Identity(
      String issuer,
      String subject,
      String email,
      boolean emailVerified,
      String preferredUsername,
      String name) {}

  /** The provider's user may not sign in; the reason is for the log and the audit entry. */
  static final class Refused extends RuntimeException {
    Refused(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Users users;
  private final AccountService accounts;
  private final SessionStore sessions;
  private final AuditLog audit;
  private final ConclaveProperties.Oidc config;
  private final Role defaultRole;

  OidcSignIn(
      Users users,
      AccountService accounts,
      SessionStore sessions,
      AuditLog audit,
      ConclaveProperties properties) {
    this.users = users;
    this.accounts = accounts;
    this.sessions = sessions;
    this.audit = audit;
    this.config = properties.oidc();
    this.defaultRole = OidcSettings.defaultRole(config);
  }

  /**
   * Finds, links or creates the account and opens a fully signed-in session for it (the provider
   * has done the authentication, including any second factor it requires).
   *
   * @throws Refused when the account is disabled or the identity conflicts with another link
   */
  @Transactional(noRollbackFor = Refused.class)
  public SessionStore.Created signIn(Identity identity, String address, String userAgent) {
    String how = "single sign-on";
    User user = users.byOidcSubject(identity.issuer(), identity.subject()).orElse(null);
    if (user == null) {
      Optional<User> byEmail = verifiedEmailMatch(identity);
      if (byEmail.isPresent()) {
        user = byEmail.get();
        refuseIfDisabled(user, address);
        if (users.hasOidcLink(user.id())) {
          refuse(
              user.username(),
              address,
              "the e-mail address belongs to an account linked to another single sign-on identity");
        }
        users.linkOidc(user.id(), identity.issuer(), identity.subject());
        how = "single sign-on; account linked by verified e-mail address";
      } else {
        user = create(identity, address);
        how = "single sign-on; account created";
      }
    }
    refuseIfDisabled(user, address);
    var created =
        sessions.create(user.id(), SessionStore.Stage.SIGNED_IN, "oidc", address, userAgent);
    audit.record(
        AuditEvent.SIGN_IN_SUCCEEDED,
        new Actor(user.id(), user.username(), address),
        user.username(),
        how + " (" + identity.issuer() + ")");
    return created;
  }

  private Optional<User> verifiedEmailMatch(Identity identity) {
    if (!config.matchByEmail() || !identity.emailVerified() || blank(identity.email())) {
      return Optional.empty();
    }
    // Only an address we also vouch for: a self-registered one may have been typed in by anyone.
    return users.byVerifiedEmail(identity.email());
  }

  private User create(Identity identity, String address) {
    String username = uniqueUsername(OidcSettings.usernameFrom(identity));
    String displayName = displayName(identity, username);
    // Keep the e-mail address only when the provider vouches for it and no account has it yet.
    String email =
        identity.emailVerified()
                && !blank(identity.email())
                && identity.email().length() <= 320
                && users.byEmail(identity.email()).isEmpty()
            ? identity.email().strip()
            : null;
    return accounts.createFromSingleSignOn(
        username,
        displayName,
        email,
        defaultRole,
        identity.issuer(),
        identity.subject(),
        Actor.anonymous(address));
  }

  private String uniqueUsername(String base) {
    if (users.byUsername(base).isEmpty()) {
      return base;
    }
    for (int i = 2; i < 100; i++) {
      String candidate = base + "-" + i;
      if (users.byUsername(candidate).isEmpty()) {
        return candidate;
      }
    }
    return base + "-" + Secrets.token(6).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "x");
  }

  private static String displayName(Identity identity, String username) {
    String name = blank(identity.name()) ? username : identity.name().strip();
    name =
        name.codePoints()
            .filter(c -> !Character.isISOControl(c))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return name.length() > 200 ? name.substring(0, 200) : name;
  }

  private void refuseIfDisabled(User user, String address) {
    if (user.disabled()) {
      refuse(user.username(), address, "the account is disabled");
    }
  }

  private void refuse(String username, String address, String reason) {
    audit.record(
        AuditEvent.SIGN_IN_FAILED, Actor.anonymous(address), username, "single sign-on: " + reason);
    throw new Refused(reason);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
