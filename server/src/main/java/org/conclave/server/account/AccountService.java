package org.conclave.server.account;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.common.ApiException;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, inviting, registering, disabling accounts and setting passwords. Every change is
 * audited in the same transaction; a refusal changes nothing. Callers (controllers, the command
 * line) have already checked that the actor may do this and applied rate limits.
 */
@Service
public class AccountService {

  static final Duration SETUP_LINK_LIFETIME = Duration.ofHours(1);
  static final Duration INVITE_LIFETIME = Duration.ofDays(7);

  private final Users users;
  private final AccountLinks links;
  private final PasswordPolicy policy;
  private final PasswordHasher hasher;
  private final PasswordHistory history;
  private final AuditLog audit;
  private final InstantSource clock;
  private final ApplicationEventPublisher events;
  private final ConclaveProperties properties;

  AccountService(
      Users users,
      AccountLinks links,
      PasswordPolicy policy,
      PasswordHasher hasher,
      PasswordHistory history,
      AuditLog audit,
      InstantSource clock,
      ApplicationEventPublisher events,
      ConclaveProperties properties) {
    this.users = users;
    this.links = links;
    this.policy = policy;
    this.hasher = hasher;
    this.history = history;
    this.audit = audit;
    this.clock = clock;
    this.events = events;
    this.properties = properties;
  }

  /** A new account and, when it has no password yet, the token of its invitation link. */
  public record CreatedUser(User user, String inviteToken) {}

  /**
   * When no administrator exists yet, replaces any earlier set-up link with a new one (single use,
   * one hour) and returns its token; otherwise empty.
   */
  @Transactional
  public Optional<String> setupLinkIfNeeded() {
    if (users.anyAdmin()) {
      return Optional.empty();
    }
    links.revokeAll(AccountLinks.Purpose.SETUP, null);
    String token = links.create(AccountLinks.Purpose.SETUP, null, SETUP_LINK_LIFETIME);
    audit.record(AuditEvent.SETUP_LINK_CREATED, Actor.system(), null, "valid for one hour");
    return Optional.of(token);
  }

  /** True when the set-up token is usable now (unused, unexpired, and no admin exists yet). */
  public boolean setupLinkValid(String token) {
    return !users.anyAdmin() && links.valid(token, AccountLinks.Purpose.SETUP).isPresent();
  }

  /** Uses the set-up link to create the first administrator. */
  @Transactional
  public User completeSetup(
      String token,
      String username,
      String displayName,
      String email,
      String password,
      Actor actor) {
    if (users.anyAdmin() || links.consume(token, AccountLinks.Purpose.SETUP).isEmpty()) {
      throw new ApiException(
          HttpStatus.GONE,
          "link-invalid",
          "This set-up link has expired or was already used. Run ./conclave admin setup-link"
              + " for a new one.");
    }
    User admin = insertWithPassword(username, displayName, email, true, Role.ADMIN, password);
    Actor self = new Actor(admin.id(), admin.username(), actor.sourceAddress());
    audit.record(AuditEvent.SETUP_COMPLETED, self, admin.username(), null);
    audit.record(AuditEvent.USER_CREATED, self, admin.username(), "role ADMIN");
    return admin;
  }

  /** Creates an account without a password and an invitation link for it. */
  @Transactional
  public CreatedUser invite(
      String username, String displayName, String email, Role role, Actor actor) {
    requireValidNewAccount(username, displayName, email);
    long id = users.insert(username, displayName.strip(), email, role, null, clock.millis());
    String token = links.create(AccountLinks.Purpose.INVITE, id, INVITE_LIFETIME);
    String name = Users.normalise(username);
    audit.record(AuditEvent.USER_CREATED, actor, name, "role " + role);
    audit.record(AuditEvent.USER_INVITED, actor, name, "link valid 7 days");
    return new CreatedUser(users.byId(id).orElseThrow(), token);
  }

  /**
   * Replaces a user's pending invitation links with a new one. For an account that already has a
   * password the link lets its owner choose a new one (and ends their sessions when used).
   */
  @Transactional
  public String reinvite(long userId, Actor actor) {
    User user = users.byId(userId).orElseThrow(() -> ApiException.notFound("No such user."));
    if (user.disabled()) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "account-disabled",
          "This account is disabled. Enable it before sending a new invitation.");
    }
    links.revokeAll(AccountLinks.Purpose.INVITE, userId);
    String token = links.create(AccountLinks.Purpose.INVITE, userId, INVITE_LIFETIME);
    audit.record(
        AuditEvent.USER_INVITED,
        actor,
        user.username(),
        user.passwordHash() == null ? "link valid 7 days" : "password reset link valid 7 days");
    return token;
  }

  /** Creates an account with a password (command line, tests). */
  @Transactional
  public User create(
      String username,
      String displayName,
      String email,
      Role role,
      String password,
      Actor actor,
      AuditEvent event) {
    User user = insertWithPassword(username, displayName, email, true, role, password);
    audit.record(event, actor, user.username(), "role " + role);
    return user;
  }

  /**
   * Self-registration: a MEMBER account with a password, when the organisation allows it. The
   * e-mail address is stored as not verified (nobody has proved they own it).
   *
   * @throws ApiException 404 registration-closed when self-registration is off
   */
  @Transactional
  public User register(
      String username, String displayName, String email, String password, Actor actor) {
    if (!properties.accounts().selfRegistration()) {
      throw registrationClosed();
    }
    User user = insertWithPassword(username, displayName, email, false, Role.MEMBER, password);
    audit.record(
        AuditEvent.USER_REGISTERED,
        new Actor(user.id(), user.username(), actor.sourceAddress()),
        user.username(),
        "role MEMBER");
    return user;
  }

  static ApiException registrationClosed() {
    return new ApiException(
        HttpStatus.NOT_FOUND,
        "registration-closed",
        "This organisation does not let people create their own accounts. Ask an administrator"
            + " for an invitation.");
  }

  /** Creates an account for someone who signed in through single sign-on for the first time. */
  @Transactional
  public User createFromSingleSignOn(
      String username,
      String displayName,
      String email,
      Role role,
      String issuer,
      String subject,
      Actor actor) {
    requireNewUsername(username, email);
    long id = users.insert(username, displayName, email, role, null, clock.millis());
    users.linkOidc(id, issuer, subject);
    audit.record(AuditEvent.USER_CREATED, actor, Users.normalise(username), "single sign-on");
    return users.byId(id).orElseThrow();
  }

  /**
   * Sets a password through an invitation link: the first password of an invited account, or a new
   * one when an administrator sent the link to an account that had a password (then all of its
   * sessions end).
   */
  @Transactional
  public User acceptInvite(String token, String password, Actor actor) {
    var link =
        links
            .valid(token, AccountLinks.Purpose.INVITE)
            .orElseThrow(
                () ->
                    new ApiException(
                        HttpStatus.GONE,
                        "link-invalid",
                        "This invitation has expired or was already used. Ask your"
                            + " administrator for a new one."));
    User user = users.byId(link.userId()).orElseThrow();
    if (user.disabled()) {
      throw ApiException.forbidden("account-disabled", "This account is disabled.");
    }
    boolean hadPassword = user.passwordHash() != null;
    setPassword(user, password);
    if (links.consume(token, AccountLinks.Purpose.INVITE).isEmpty()) {
      throw new ApiException(HttpStatus.GONE, "link-invalid", "This invitation was already used.");
    }
    links.revokeAll(AccountLinks.Purpose.INVITE, user.id());
    Actor self = new Actor(user.id(), user.username(), actor.sourceAddress());
    audit.record(AuditEvent.INVITATION_ACCEPTED, self, user.username(), null);
    if (hadPassword) {
      audit.record(AuditEvent.PASSWORD_RESET, self, user.username(), "through an invitation");
      events.publishEvent(new AccountEvents.PasswordChanged(user.id(), null));
    }
    return users.byId(user.id()).orElseThrow();
  }

  /** The invited account a token belongs to, if the invitation is still usable. */
  public Optional<User> invitedUser(String token) {
    return links
        .valid(token, AccountLinks.Purpose.INVITE)
        .flatMap(l -> users.byId(l.userId()))
        .filter(u -> !u.disabled());
  }

  /**
   * Changes a user's own password after checking the current one, and ends their other sessions. A
   * wrong current password is audited (in a transaction of its own, since this one rolls back). The
   * caller has already rate-limited this request.
   *
   * @throws ApiException 400 current-password-wrong, 409 no-password, or a policy refusal
   */
  @Transactional
  public void changePassword(
      long userId, String currentPassword, String newPassword, Long keepSessionId, Actor actor) {
    User user = users.byId(userId).orElseThrow();
    if (user.passwordHash() == null) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "no-password",
          "This account signs in through single sign-on and has no password to change.");
    }
    if (!hasher.matches(currentPassword, user.passwordHash(), PasswordHasher.Lane.TRUSTED)) {
      audit.recordAlone(
          AuditEvent.PASSWORD_CHANGE_FAILED, actor, user.username(), "wrong current password");
      throw ApiException.badRequest(
          "current-password-wrong", "Your current password is not right. Try again.");
    }
    setPassword(user, newPassword);
    audit.record(AuditEvent.PASSWORD_CHANGED, actor, user.username(), null);
    events.publishEvent(new AccountEvents.PasswordChanged(userId, keepSessionId));
  }

  /** Sets a new password for a user as an operator (command line); ends all their sessions. */
  @Transactional
  public void resetPassword(String username, String newPassword, Actor actor) {
    User user =
        users.byUsername(username).orElseThrow(() -> ApiException.notFound("No such user."));
    setPassword(user, newPassword);
    audit.record(AuditEvent.PASSWORD_RESET, actor, user.username(), null);
    events.publishEvent(new AccountEvents.PasswordChanged(user.id(), null));
  }

  /**
   * Disables or enables an account. A disabled account keeps its history but cannot sign in; its
   * sessions, tokens and pending invitations end at once.
   */
  @Transactional
  public void setDisabled(long userId, boolean disabled, Actor actor) {
    User user = users.byId(userId).orElseThrow(() -> ApiException.notFound("No such user."));
    if (disabled && actor.userId() != null && actor.userId() == userId) {
      throw ApiException.badRequest("cannot-disable-self", "You cannot disable your own account.");
    }
    users.setDisabled(userId, disabled);
    audit.record(
        disabled ? AuditEvent.USER_DISABLED : AuditEvent.USER_ENABLED,
        actor,
        user.username(),
        null);
    if (disabled) {
      links.revokeAll(AccountLinks.Purpose.INVITE, userId);
      events.publishEvent(new AccountEvents.UserDisabled(userId));
    }
  }

  /**
   * Judges a candidate password without storing anything, for the live strength meter.
   *
   * @param contextWords the names the password must not be built from
   * @param userId whose last passwords it must not repeat, or null to leave reuse out
   */
  public PasswordVerdict judge(String candidate, List<String> contextWords, Long userId) {
    PasswordVerdict verdict = policy.check(candidate, contextWords);
    return userId == null ? verdict : withReuse(verdict, userId, candidate);
  }

  /**
   * An acceptable verdict turned into a {@code reused} refusal when the candidate is one of the
   * user's last passwords (one Argon2id check per remembered password; callers rate-limit).
   */
  public PasswordVerdict withReuse(PasswordVerdict verdict, long userId, String candidate) {
    if (verdict.acceptable() && history.contains(userId, candidate)) {
      return reuseVerdict(verdict.score());
    }
    return verdict;
  }

  private User insertWithPassword(
      String username,
      String displayName,
      String email,
      boolean emailVerified,
      Role role,
      String password) {
    requireValidNewAccount(username, displayName, email);
    requireAcceptable(password, contextOf(username, displayName, email));
    long now = clock.millis();
    String hash = hasher.hash(password);
    long id = users.insert(username, displayName.strip(), email, emailVerified, role, hash, now);
    history.remember(id, hash, now);
    return users.byId(id).orElseThrow();
  }

  private void setPassword(User user, String password) {
    requireAcceptable(password, user.contextWords());
    if (history.contains(user.id(), password)) {
      PasswordVerdict v = reuseVerdict(0);
      throw ApiException.badRequest(v.reason(), v.message());
    }
    long now = clock.millis();
    String hash = hasher.hash(password);
    users.setPasswordHash(user.id(), hash, now);
    history.remember(user.id(), hash, now);
  }

  private PasswordVerdict reuseVerdict(int score) {
    return PasswordVerdict.refused(
        score,
        "reused",
        "You used this password recently. Choose one that is not among your last "
            + history.size()
            + " passwords.");
  }

  private void requireAcceptable(String password, List<String> context) {
    PasswordVerdict verdict = policy.check(password, context);
    if (!verdict.acceptable()) {
      throw ApiException.badRequest(verdict.reason(), verdict.message());
    }
  }

  private void requireValidNewAccount(String username, String displayName, String email) {
    AccountNames.requireValidUsername(username);
    AccountNames.requireValidDisplayName(displayName);
    AccountNames.requireValidEmail(email);
    requireNewUsername(username, email);
  }

  private void requireNewUsername(String username, String email) {
    if (users.byUsername(username).isPresent()
        || (email != null && !email.isBlank() && users.byEmail(email).isPresent())) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "account-exists",
          "An account with this user name or e-mail address already exists.");
    }
  }

  static List<String> contextOf(String username, String displayName, String email) {
    List<String> words = new ArrayList<>();
    words.add(username);
    if (displayName != null) {
      words.add(displayName);
    }
    if (email != null) {
      words.add(email);
    }
    return words;
  }
}
