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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creating, inviting, disabling accounts and setting passwords. Every change is audited in the same
 * transaction. Callers (controllers, the command line) have already checked that the actor may do
 * this.
 */
@Service
public class AccountService {

  static final Duration SETUP_LINK_LIFETIME = Duration.ofHours(1);
  static final Duration INVITE_LIFETIME = Duration.ofDays(7);

  private final Users users;
  private final AccountLinks links;
  private final PasswordPolicy policy;
  private final PasswordHasher hasher;
  private final AuditLog audit;
  private final JdbcClient jdbc;
  private final InstantSource clock;
  private final ApplicationEventPublisher events;
  private final ConclaveProperties properties;

  AccountService(
      Users users,
      AccountLinks links,
      PasswordPolicy policy,
      PasswordHasher hasher,
      AuditLog audit,
      JdbcClient jdbc,
      InstantSource clock,
      ApplicationEventPublisher events,
      ConclaveProperties properties) {
    this.users = users;
    this.links = links;
    this.policy = policy;
    this.hasher = hasher;
    this.audit = audit;
    this.jdbc = jdbc;
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
    requireNewUsername(username, email);
    List<String> context = contextOf(username, displayName, email);
    requireAcceptable(password, context);
    long now = clock.millis();
    String hash = hasher.hash(password);
    long id = users.insert(username, displayName, email, Role.ADMIN, hash, now);
    remember(id, hash, now);
    audit.record(AuditEvent.SETUP_COMPLETED, actor, Users.normalise(username), null);
    audit.record(AuditEvent.USER_CREATED, actor, Users.normalise(username), "role ADMIN");
    return users.byId(id).orElseThrow();
  }

  /** Creates an account without a password and an invitation link for it. */
  @Transactional
  public CreatedUser invite(
      String username, String displayName, String email, Role role, Actor actor) {
    requireNewUsername(username, email);
    long id = users.insert(username, displayName, email, role, null, clock.millis());
    String token = links.create(AccountLinks.Purpose.INVITE, id, INVITE_LIFETIME);
    audit.record(AuditEvent.USER_CREATED, actor, Users.normalise(username), "role " + role);
    audit.record(AuditEvent.USER_INVITED, actor, Users.normalise(username), "link valid 7 days");
    return new CreatedUser(users.byId(id).orElseThrow(), token);
  }

  /** Replaces a user's pending invitation links with a new one. */
  @Transactional
  public String reinvite(long userId, Actor actor) {
    User user = users.byId(userId).orElseThrow(() -> ApiException.notFound("No such user."));
    links.revokeAll(AccountLinks.Purpose.INVITE, userId);
    String token = links.create(AccountLinks.Purpose.INVITE, userId, INVITE_LIFETIME);
    audit.record(AuditEvent.USER_INVITED, actor, user.username(), "link valid 7 days");
    return token;
  }

  /** Creates an account with a password (command line, self-registration). */
  @Transactional
  public User create(
      String username,
      String displayName,
      String email,
      Role role,
      String password,
      Actor actor,
      AuditEvent event) {
    requireNewUsername(username, email);
    requireAcceptable(password, contextOf(username, displayName, email));
    long now = clock.millis();
    String hash = hasher.hash(password);
    long id = users.insert(username, displayName, email, role, hash, now);
    remember(id, hash, now);
    audit.record(event, actor, Users.normalise(username), "role " + role);
    return users.byId(id).orElseThrow();
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

  /** Sets the first password through an invitation link. */
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
    setPassword(user, password);
    if (links.consume(token, AccountLinks.Purpose.INVITE).isEmpty()) {
      throw new ApiException(HttpStatus.GONE, "link-invalid", "This invitation was already used.");
    }
    audit.record(AuditEvent.INVITATION_ACCEPTED, actor, user.username(), null);
    return users.byId(user.id()).orElseThrow();
  }

  /** The invited account a token belongs to, if the invitation is still usable. */
  public Optional<User> invitedUser(String token) {
    return links.valid(token, AccountLinks.Purpose.INVITE).flatMap(l -> users.byId(l.userId()));
  }

  /**
   * Changes a user's own password after checking the current one, and ends their other sessions.
   * The caller has already rate-limited this request.
   */
  @Transactional
  public void changePassword(
      long userId, String currentPassword, String newPassword, Long keepSessionId, Actor actor) {
    User user = users.byId(userId).orElseThrow();
    if (user.passwordHash() != null && !hasher.matches(currentPassword, user.passwordHash())) {
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
      events.publishEvent(new AccountEvents.UserDisabled(userId));
    }
  }

  /**
   * Judges a candidate password for this user (or for a new account, by its names) without storing
   * anything: for the live strength meter.
   */
  public PasswordVerdict judge(String candidate, List<String> contextWords, Long userId) {
    PasswordVerdict verdict = policy.check(candidate, withOrganisation(contextWords));
    if (verdict.acceptable() && userId != null && reused(userId, candidate)) {
      return reuseVerdict(verdict.score());
    }
    return verdict;
  }

  private void setPassword(User user, String password) {
    requireAcceptable(password, user.contextWords());
    if (reused(user.id(), password)) {
      PasswordVerdict v = reuseVerdict(0);
      throw ApiException.badRequest(v.reason(), v.message());
    }
    long now = clock.millis();
    String hash = hasher.hash(password);
    users.setPasswordHash(user.id(), hash, now);
    remember(user.id(), hash, now);
  }

  private PasswordVerdict reuseVerdict(int score) {
    return PasswordVerdict.refused(
        score,
        "reused",
        "You used this password recently. Choose one you have not used in your last "
            + properties.passwords().history()
            + " passwords.");
  }

  private boolean reused(long userId, String candidate) {
    List<String> recent =
        jdbc.sql(
                "SELECT password_hash FROM password_history WHERE user_id = :u"
                    + " ORDER BY id DESC LIMIT :n")
            .param("u", userId)
            .param("n", properties.passwords().history())
            .query(String.class)
            .list();
    boolean found = false;
    for (String hash : recent) {
      // Check every entry, not just until the first match, so timing reveals nothing.
      found |= hasher.matches(candidate, hash);
    }
    return found;
  }

  private void remember(long userId, String hash, long now) {
    jdbc.sql(
            "INSERT INTO password_history (user_id, password_hash, created_at) VALUES (:u, :h, :now)")
        .param("u", userId)
        .param("h", hash)
        .param("now", now)
        .update();
    jdbc.sql(
            """
            DELETE FROM password_history WHERE user_id = :u AND id NOT IN (
              SELECT id FROM (SELECT id FROM password_history WHERE user_id = :u
                              ORDER BY id DESC LIMIT :n) AS keep)""")
        .param("u", userId)
        .param("n", properties.passwords().history())
        .update();
  }

  private void requireAcceptable(String password, List<String> context) {
    PasswordVerdict verdict = policy.check(password, withOrganisation(context));
    if (!verdict.acceptable()) {
      throw ApiException.badRequest(verdict.reason(), verdict.message());
    }
  }

  private List<String> withOrganisation(List<String> context) {
    List<String> all = new ArrayList<>(context);
    all.add("conclave");
    all.add(properties.organisationName());
    return all;
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

  private static List<String> contextOf(String username, String displayName, String email) {
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
