package org.conclave.server.auth.mfa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.InstantSource;
import java.util.List;
import java.util.OptionalLong;
import org.conclave.server.account.User;
import org.conclave.server.account.Users;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.auth.SignedInUser;
import org.conclave.server.common.ApiException;
import org.conclave.server.common.ClientAddress;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Setting up, confirming and removing TOTP on one's own account, and renewing recovery codes.
 * Set-up stores a pending secret; only a correct code from the app turns it on (so nobody ends up
 * with a second factor their app does not actually produce), and that moment hands out the ten
 * recovery codes, once.
 */
@Service
class TotpEnrolment {

  static final String QR_CODE_URL = "/api/v1/account/totp/qr.svg";

  /** What the person needs to add the account to an authenticator app. */
  record Setup(String secret, String otpauthUri, String qrCodeUrl) {}

  private final Users users;
  private final TotpSettings settings;
  private final RecoveryCodes recoveryCodes;
  private final SecondFactors factors;
  private final CurrentPassword currentPassword;
  private final SessionReplacement sessions;
  private final AuditLog audit;
  private final InstantSource clock;
  private final String issuer;

  TotpEnrolment(
      Users users,
      TotpSettings settings,
      RecoveryCodes recoveryCodes,
      SecondFactors factors,
      CurrentPassword currentPassword,
      SessionReplacement sessions,
      AuditLog audit,
      InstantSource clock,
      ConclaveProperties properties) {
    this.users = users;
    this.settings = settings;
    this.recoveryCodes = recoveryCodes;
    this.factors = factors;
    this.currentPassword = currentPassword;
    this.sessions = sessions;
    this.audit = audit;
    this.clock = clock;
    this.issuer = properties.organisationName();
  }

  /** Makes a new pending secret (replacing an unconfirmed one). Refused when TOTP is on. */
  @Transactional
  Setup setup(SignedInUser who) {
    if (state(who).enabled()) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "totp-already-enabled",
          "An authenticator app is set up already. Remove it first to set up another.");
    }
    String secret = TotpCodes.newSecret();
    settings.setPending(who.id(), secret);
    return new Setup(
        TotpCodes.grouped(secret),
        TotpCodes.uri(secret, issuer, who.username()).toString(),
        QR_CODE_URL);
  }

  /** The QR code of the pending secret, as SVG. */
  @Transactional(readOnly = true)
  String qrCode(SignedInUser who) {
    TotpSettings.State state = state(who);
    if (!state.pending()) {
      throw notPending();
    }
    return QrCodeSvg.render(TotpCodes.uri(state.secret(), issuer, who.username()).toString());
  }

  /**
   * Turns the pending secret on when {@code code} is its current code, and returns the ten new
   * recovery codes.
   */
  @Transactional
  List<String> confirm(
      SignedInUser who, String code, HttpServletRequest request, HttpServletResponse response) {
    TotpSettings.State state = state(who);
    if (!state.pending()) {
      throw notPending();
    }
    OptionalLong step = TotpCodes.matchingStep(state.secret(), code, clock.millis());
    if (step.isEmpty() || !settings.claimStep(who.id(), step.getAsLong())) {
      throw ApiException.badRequest(
          "totp-code-invalid",
          "That code is not the one the app shows now. Check the app's clock and try the newest"
              + " code.");
    }
    boolean first = !factors.any(who.id());
    settings.enable(who.id());
    List<String> codes = recoveryCodes.replace(who.id());
    int ended = sessions.afterEnrolment(who.id(), first, "totp", request, response);
    audit.record(
        AuditEvent.SECOND_FACTOR_ENROLLED,
        actor(who, request),
        who.username(),
        "totp" + (ended > 0 ? "; " + ended + " other sessions ended" : ""));
    return codes;
  }

  /** Removes TOTP (or cancels a pending set-up); needs the current password. */
  @Transactional
  void remove(SignedInUser who, String password, HttpServletRequest request) {
    User user = user(who);
    currentPassword.check(user, password, ClientAddress.of(request));
    TotpSettings.State state = state(who);
    if (state.secret() == null) {
      throw new ApiException(
          HttpStatus.CONFLICT, "totp-not-enabled", "No authenticator app is set up.");
    }
    if (state.enabled()) {
      factors.ensureMayRemove(user.role(), factors.count(who.id()) - 1);
    }
    settings.clear(who.id());
    factors.afterRemoval(who.id());
    audit.record(
        AuditEvent.SECOND_FACTOR_REMOVED,
        actor(who, request),
        who.username(),
        state.enabled() ? "totp" : "totp set-up cancelled");
  }

  /** Replaces the recovery codes with ten new ones; needs the current password. */
  @Transactional
  List<String> regenerateRecoveryCodes(
      SignedInUser who, String password, HttpServletRequest request) {
    currentPassword.check(user(who), password, ClientAddress.of(request));
    if (!factors.any(who.id())) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "no-second-factor",
          "Recovery codes stand in for a second factor. Set up an authenticator app or a passkey"
              + " first.");
    }
    List<String> codes = recoveryCodes.replace(who.id());
    audit.record(AuditEvent.RECOVERY_CODES_REGENERATED, actor(who, request), who.username(), null);
    return codes;
  }

  private TotpSettings.State state(SignedInUser who) {
    return settings.of(who.id()).orElseThrow(() -> ApiException.notFound("No such account."));
  }

  private User user(SignedInUser who) {
    return users.byId(who.id()).orElseThrow(() -> ApiException.notFound("No such account."));
  }

  private static ApiException notPending() {
    return new ApiException(
        HttpStatus.CONFLICT,
        "totp-not-pending",
        "There is no authenticator app set-up in progress. Start the set-up again.");
  }

  private static Actor actor(SignedInUser who, HttpServletRequest request) {
    return new Actor(who.id(), who.username(), ClientAddress.of(request));
  }
}
