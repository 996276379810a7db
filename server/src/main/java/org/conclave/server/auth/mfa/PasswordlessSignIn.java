package org.conclave.server.auth.mfa;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.InstantSource;
import org.conclave.server.account.User;
import org.conclave.server.account.Users;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.auth.SessionCookie;
import org.conclave.server.auth.SessionStore;
import org.conclave.server.common.ApiException;
import org.conclave.server.common.Buckets;
import org.conclave.server.common.ClientAddress;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Passwordless sign-in with a discoverable passkey: the browser offers whichever passkey the person
 * picks, its user handle names the account, and user verification (PIN or biometrics) is required,
 * so the passkey alone is two factors. Anyone may ask for a challenge, so challenges are rate
 * limited per source address ({@value #CHALLENGES_PER_MINUTE} a minute, Bucket4j) to keep the
 * challenge table small.
 */
@Service
class PasswordlessSignIn {

  static final int CHALLENGES_PER_MINUTE = 30;

  static final String FAILED_MESSAGE =
      "That passkey could not be used to sign in. Try again, or sign in with your password.";

  private final PasskeyCeremonies ceremonies;
  private final Users users;
  private final SessionStore sessions;
  private final AuditLog audit;
  private final InstantSource clock;
  private final Cache<String, Bucket> perAddress =
      Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(5)).maximumSize(100_000).build();

  PasswordlessSignIn(
      PasskeyCeremonies ceremonies,
      Users users,
      SessionStore sessions,
      AuditLog audit,
      InstantSource clock) {
    this.ceremonies = ceremonies;
    this.users = users;
    this.sessions = sessions;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional
  PasskeyJson.Options<PasskeyJson.RequestOptions> options(HttpServletRequest request) {
    Bucket bucket =
        perAddress.get(
            ClientAddress.of(request),
            a -> Buckets.of(CHALLENGES_PER_MINUTE, Duration.ofMinutes(1), clock));
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
    if (!probe.isConsumed()) {
      long seconds = Math.max(1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds());
      throw new Throttled(seconds, "passkey sign-in attempts");
    }
    return ceremonies.requestOptions(null);
  }

  /** Verifies the passkey and opens a signed-in session (a new token; any presented one ends). */
  @Transactional(noRollbackFor = ApiException.class)
  void signIn(
      PasskeyJson.Assertion assertion, HttpServletRequest request, HttpServletResponse response) {
    String address = ClientAddress.of(request);
    PasskeyStore.Passkey passkey;
    try {
      passkey = ceremonies.authenticate(null, assertion);
    } catch (PasskeyCeremonies.Rejected e) {
      audit.record(
          AuditEvent.SIGN_IN_FAILED, Actor.anonymous(address), null, "passkey: " + e.getMessage());
      throw failed();
    }
    User user = users.byId(passkey.userId()).filter(u -> !u.disabled()).orElse(null);
    if (user == null) {
      audit.record(
          AuditEvent.SIGN_IN_FAILED,
          Actor.anonymous(address),
          null,
          "passkey: account disabled or gone");
      throw failed();
    }
    String presented = SessionCookie.read(request);
    if (presented != null) {
      sessions.findLive(presented).ifPresent(s -> sessions.end(s.id()));
    }
    SessionStore.Created created =
        sessions.create(
            user.id(),
            SessionStore.Stage.SIGNED_IN,
            "passkey",
            address,
            request.getHeader(HttpHeaders.USER_AGENT));
    audit.record(
        AuditEvent.SIGN_IN_SUCCEEDED,
        new Actor(user.id(), user.username(), address),
        user.username(),
        "passkey \"" + passkey.name() + "\" (passwordless)");
    SessionCookie.write(response, created.token());
  }

  private static ApiException failed() {
    return new ApiException(HttpStatus.UNAUTHORIZED, "sign-in-failed", FAILED_MESSAGE);
  }
}
