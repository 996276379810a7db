package org.conclave.server.auth.mfa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.auth.Notices;
import org.conclave.server.auth.SessionStore;
import org.conclave.server.auth.SignedInUser;
import org.conclave.server.common.ApiException;
import org.conclave.server.common.ClientAddress;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The second step of sign-in, for a session that has passed the password: a TOTP code, a recovery
 * code or a passkey. Every attempt goes through the per-account {@link SecondFactorThrottle} before
 * anything is checked; failures are audited (whoever fails here knows the password, and the account
 * owner gets a notice when the throttle trips). Success ends the pending session and opens a new
 * signed-in one with a new token.
 */
@Service
class SecondFactorSignIn {

  /** A password-only session must finish its second factor within this time. */
  static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);

  private final TotpSettings totp;
  private final RecoveryCodes recoveryCodes;
  private final PasskeyCeremonies passkeys;
  private final PasskeyStore passkeyStore;
  private final SecondFactorThrottle throttle;
  private final SessionReplacement sessions;
  private final SessionStore sessionStore;
  private final AuditLog audit;
  private final Notices notices;
  private final InstantSource clock;

  SecondFactorSignIn(
      TotpSettings totp,
      RecoveryCodes recoveryCodes,
      PasskeyCeremonies passkeys,
      PasskeyStore passkeyStore,
      SecondFactorThrottle throttle,
      SessionReplacement sessions,
      SessionStore sessionStore,
      AuditLog audit,
      Notices notices,
      InstantSource clock) {
    this.totp = totp;
    this.recoveryCodes = recoveryCodes;
    this.passkeys = passkeys;
    this.passkeyStore = passkeyStore;
    this.throttle = throttle;
    this.sessions = sessions;
    this.sessionStore = sessionStore;
    this.audit = audit;
    this.notices = notices;
    this.clock = clock;
  }

  @Transactional(noRollbackFor = ApiException.class)
  void withTotp(
      SignedInUser who, String code, HttpServletRequest request, HttpServletResponse response) {
    complete(
        who,
        "totp",
        request,
        response,
        () -> {
          TotpSettings.State state = totp.of(who.id()).orElse(null);
          if (state == null || !state.enabled()) {
            return "no authenticator app set up";
          }
          OptionalLong step = TotpCodes.matchingStep(state.secret(), code, clock.millis());
          if (step.isEmpty()) {
            return "wrong code";
          }
          return totp.claimStep(who.id(), step.getAsLong()) ? null : "code used already";
        });
  }

  @Transactional(noRollbackFor = ApiException.class)
  void withRecoveryCode(
      SignedInUser who, String code, HttpServletRequest request, HttpServletResponse response) {
    complete(
        who,
        "recovery-code",
        request,
        response,
        () -> recoveryCodes.use(who.id(), code) ? null : "not an unused recovery code");
    audit.record(
        AuditEvent.RECOVERY_CODE_USED,
        actor(who, request),
        who.username(),
        recoveryCodes.unusedCount(who.id()) + " left");
  }

  @Transactional(noRollbackFor = ApiException.class)
  PasskeyJson.Options<PasskeyJson.RequestOptions> passkeyOptions(
      SignedInUser who, HttpServletRequest request) {
    pending(who, request);
    if (passkeyStore.count(who.id()) == 0) {
      throw new ApiException(
          HttpStatus.CONFLICT, "no-passkey", "This account has no passkey. Use another method.");
    }
    return passkeys.requestOptions(who.id());
  }

  @Transactional(noRollbackFor = ApiException.class)
  void withPasskey(
      SignedInUser who,
      PasskeyJson.Assertion assertion,
      HttpServletRequest request,
      HttpServletResponse response) {
    complete(
        who,
        "passkey",
        request,
        response,
        () -> {
          try {
            passkeys.authenticate(who.id(), assertion);
            return null;
          } catch (PasskeyCeremonies.Rejected e) {
            return e.getMessage();
          }
        });
  }

  /**
   * Checks one attempt and, when it succeeds, swaps the pending session for a signed-in one.
   *
   * @param verify checks the factor; returns null when it is right, otherwise why not (audited)
   */
  private void complete(
      SignedInUser who,
      String method,
      HttpServletRequest request,
      HttpServletResponse response,
      Supplier<String> verify) {
    SessionStore.Session pending = pending(who, request);
    String address = ClientAddress.of(request);
    SecondFactorThrottle.Decision decision = throttle.check(who.id());
    if (!decision.allowed()) {
      audit.record(
          AuditEvent.SIGN_IN_THROTTLED, actor(who, request), who.username(), "second factor");
      notices.accountThrottled(who.id(), address);
      throw new Throttled(decision.retryAfter().toSeconds(), "second-factor attempts");
    }
    String failure = verify.get();
    if (failure != null) {
      throttle.failed(who.id());
      audit.record(
          AuditEvent.SECOND_FACTOR_FAILED,
          actor(who, request),
          who.username(),
          method + ": " + failure);
      throw new ApiException(
          HttpStatus.UNAUTHORIZED,
          "second-factor-failed",
          "That did not work. Check the code or passkey and try again.");
    }
    throttle.succeeded(who.id());
    sessions.replace(pending, method, request, response);
    audit.record(AuditEvent.SECOND_FACTOR_SUCCEEDED, actor(who, request), who.username(), method);
  }

  /** The request's pending session; ends it and refuses when it is too old. */
  private SessionStore.Session pending(SignedInUser who, HttpServletRequest request) {
    SessionStore.Session session =
        sessions
            .current(request)
            .filter(s -> s.userId() == who.id() && s.stage() == SessionStore.Stage.SECOND_FACTOR)
            .orElseThrow(SecondFactorSignIn::expired);
    if (clock.millis() - session.createdAt() > PENDING_LIFETIME.toMillis()) {
      sessionStore.end(session.id());
      throw expired();
    }
    return session;
  }

  private static ApiException expired() {
    return new ApiException(
        HttpStatus.UNAUTHORIZED,
        "second-factor-expired",
        "This sign-in has expired. Sign in with your password again.");
  }

  private static Actor actor(SignedInUser who, HttpServletRequest request) {
    return new Actor(who.id(), who.username(), ClientAddress.of(request));
  }
}
