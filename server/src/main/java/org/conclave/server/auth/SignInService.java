package org.conclave.server.auth;

import java.util.List;
import java.util.Optional;
import org.conclave.server.account.PasswordHasher;
import org.conclave.server.account.User;
import org.conclave.server.account.Users;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.auth.mfa.SecondFactors;
import org.conclave.server.common.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Password sign-in. The order matters: throttle first (no hash is computed for a throttled
 * attempt), then one Argon2id check whether or not the account exists (a dummy hash stands in),
 * then one answer for every kind of failure.
 */
@Service
public class SignInService {

  /** What a successful password check led to. */
  public record Outcome(
      SessionStore.Created session,
      boolean secondFactorPending,
      List<String> methods,
      String newDeviceToken) {}

  static final String FAILED_MESSAGE =
      "That user name and password don't match. Check them and try again.";

  private final Users users;
  private final PasswordHasher hasher;
  private final SignInThrottle throttle;
  private final SessionStore sessions;
  private final AuditLog audit;
  private final Notices notices;
  private final SecondFactors secondFactors;
  private final TrustedDevices devices;

  SignInService(
      Users users,
      PasswordHasher hasher,
      SignInThrottle throttle,
      SessionStore sessions,
      AuditLog audit,
      Notices notices,
      SecondFactors secondFactors,
      TrustedDevices devices) {
    this.devices = devices;
    this.users = users;
    this.hasher = hasher;
    this.throttle = throttle;
    this.sessions = sessions;
    this.audit = audit;
    this.notices = notices;
    this.secondFactors = secondFactors;
  }

  /**
   * Checks a user name and password and opens a session: fully signed in, or waiting for a second
   * factor when the account has one.
   *
   * @throws ApiException 429 when throttled, 401 for any wrong combination
   */
  @Transactional(noRollbackFor = ApiException.class)
  public Outcome signIn(
      String username, String password, String address, String userAgent, String deviceToken) {
    Optional<User> found = users.byUsername(username);
    Optional<Long> device = found.flatMap(u -> devices.find(deviceToken, u.id()));
    if (device.isEmpty()) {
      SignInThrottle.Decision decision = throttle.check(username, address);
      if (!decision.allowed()) {
        audit.record(
            AuditEvent.SIGN_IN_THROTTLED,
            Actor.anonymous(address),
            Users.normalise(username),
            decision.accountThrottled() ? "account" : "source address");
        if (decision.accountThrottled()) {
          found.ifPresent(u -> notices.accountThrottled(u.id(), address));
        }
        throw new Throttled(decision.retryAfter().toSeconds());
      }
    }
    User user = found.filter(u -> !u.disabled()).orElse(null);
    boolean ok =
        hasher.matches(
            password,
            user == null ? null : user.passwordHash(),
            device.isPresent() ? PasswordHasher.Lane.TRUSTED : PasswordHasher.Lane.UNTRUSTED);
    if (!ok || user == null) {
      if (device.isPresent()) {
        devices.failed(device.get());
      } else {
        throttle.failed(username, address);
      }
      audit.record(
          AuditEvent.SIGN_IN_FAILED,
          Actor.anonymous(address),
          Users.normalise(username),
          device.isPresent() ? "from a known device" : null);
      throw new ApiException(HttpStatus.UNAUTHORIZED, "sign-in-failed", FAILED_MESSAGE);
    }
    String newDeviceToken = null;
    if (device.isPresent()) {
      devices.succeeded(device.get());
    } else {
      throttle.succeeded(username);
      newDeviceToken = devices.issue(user.id());
    }
    if (hasher.needsRehash(user.passwordHash())) {
      users.rehash(user.id(), hasher.hash(password));
    }
    List<String> methods = secondFactors.methods(user.id());
    boolean pending = !methods.isEmpty();
    var created =
        sessions.create(
            user.id(),
            pending ? SessionStore.Stage.SECOND_FACTOR : SessionStore.Stage.SIGNED_IN,
            "password",
            address,
            userAgent);
    audit.record(
        AuditEvent.SIGN_IN_SUCCEEDED,
        new Actor(user.id(), user.username(), address),
        user.username(),
        pending ? "password; second factor pending" : "password");
    return new Outcome(created, pending, methods, newDeviceToken);
  }

  /** Too many attempts: answered 429 with a Retry-After header. */
  public static final class Throttled extends ApiException {
    private final long retryAfterSeconds;

    Throttled(long retryAfterSeconds) {
      super(
          HttpStatus.TOO_MANY_REQUESTS,
          "throttled",
          "Too many sign-in attempts. Wait " + retryAfterSeconds + " seconds and try again.");
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }
}
