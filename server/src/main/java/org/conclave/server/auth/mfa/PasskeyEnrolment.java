package org.conclave.server.auth.mfa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.auth.SignedInUser;
import org.conclave.server.common.ApiException;
import org.conclave.server.common.ClientAddress;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Adding, listing and removing one's own passkeys. A passkey that is the account's first second
 * factor also brings the ten recovery codes, as enabling TOTP does.
 */
@Service
class PasskeyEnrolment {

  /** A new passkey; {@code recoveryCodes} only when it was the first second factor, else null. */
  record Registered(long id, String name, List<String> recoveryCodes) {}

  private final PasskeyCeremonies ceremonies;
  private final PasskeyStore store;
  private final SecondFactors factors;
  private final RecoveryCodes recoveryCodes;
  private final SessionReplacement sessions;
  private final AuditLog audit;

  PasskeyEnrolment(
      PasskeyCeremonies ceremonies,
      PasskeyStore store,
      SecondFactors factors,
      RecoveryCodes recoveryCodes,
      SessionReplacement sessions,
      AuditLog audit) {
    this.ceremonies = ceremonies;
    this.store = store;
    this.factors = factors;
    this.recoveryCodes = recoveryCodes;
    this.sessions = sessions;
    this.audit = audit;
  }

  @Transactional
  PasskeyJson.Options<PasskeyJson.CreationOptions> options(SignedInUser who) {
    return ceremonies.creationOptions(who.id(), who.username(), who.displayName());
  }

  @Transactional(noRollbackFor = ApiException.class)
  Registered register(
      SignedInUser who,
      PasskeyJson.Registration registration,
      HttpServletRequest request,
      HttpServletResponse response) {
    boolean first = !factors.any(who.id());
    PasskeyStore.Passkey passkey = ceremonies.register(who.id(), registration);
    List<String> codes =
        first && recoveryCodes.unusedCount(who.id()) == 0 ? recoveryCodes.replace(who.id()) : null;
    int ended = sessions.afterEnrolment(who.id(), first, "passkey", request, response);
    audit.record(
        AuditEvent.SECOND_FACTOR_ENROLLED,
        actor(who, request),
        who.username(),
        "passkey \""
            + passkey.name()
            + "\" ("
            + passkey.attestationFormat()
            + ")"
            + (ended > 0 ? "; " + ended + " other sessions ended" : ""));
    return new Registered(passkey.id(), passkey.name(), codes);
  }

  @Transactional(readOnly = true)
  List<PasskeyJson.Listed> list(long userId) {
    return store.ofUser(userId).stream()
        .map(p -> new PasskeyJson.Listed(p.id(), p.name(), p.createdAt(), p.lastUsedAt()))
        .toList();
  }

  @Transactional
  void delete(SignedInUser who, long passkeyId, HttpServletRequest request) {
    boolean theirs = store.ofUser(who.id()).stream().anyMatch(p -> p.id() == passkeyId);
    if (!theirs) {
      throw ApiException.notFound("You have no passkey with that id.");
    }
    factors.ensureMayRemove(who.role(), factors.count(who.id()) - 1);
    PasskeyStore.Passkey removed = store.delete(who.id(), passkeyId).orElseThrow();
    factors.afterRemoval(who.id());
    audit.record(
        AuditEvent.SECOND_FACTOR_REMOVED,
        actor(who, request),
        who.username(),
        "passkey \"" + removed.name() + "\"");
  }

  private static Actor actor(SignedInUser who, HttpServletRequest request) {
    return new Actor(who.id(), who.username(), ClientAddress.of(request));
  }
}
