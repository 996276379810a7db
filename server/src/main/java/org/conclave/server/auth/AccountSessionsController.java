package org.conclave.server.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.common.ApiException;
import org.conclave.server.common.ClientAddress;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * "Where am I signed in?": the user's live browser sessions, ending one of them, and "sign out
 * everywhere else". Only a browser session may use these (never an API token), and only on the
 * user's own sessions: another user's session id answers 404, exactly like an unknown one.
 */
@RestController
class AccountSessionsController {

  /** One live session as the account page shows it. Times are epoch milliseconds. */
  record SessionView(
      long id,
      boolean current,
      long createdAt,
      long lastSeenAt,
      String sourceAddress,
      String userAgent) {}

  /** How many sessions "sign out everywhere" ended. */
  record Ended(int ended) {}

  private final SessionStore sessions;
  private final AuditLog audit;

  AccountSessionsController(SessionStore sessions, AuditLog audit) {
    this.sessions = sessions;
    this.audit = audit;
  }

  @GetMapping("/api/v1/account/sessions")
  List<SessionView> list(@AuthenticationPrincipal SignedInUser user) {
    long current = user.requireBrowserSession();
    return sessions.liveSessionsOf(user.id()).stream()
        .map(
            s ->
                new SessionView(
                    s.id(),
                    s.id() == current,
                    s.createdAt(),
                    s.lastSeenAt(),
                    s.sourceAddress(),
                    s.userAgent()))
        .toList();
  }

  @DeleteMapping("/api/v1/account/sessions/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Transactional
  void end(
      @AuthenticationPrincipal SignedInUser user,
      @PathVariable("id") long id,
      HttpServletRequest request,
      HttpServletResponse response) {
    long current = user.requireBrowserSession();
    if (!sessions.endOwn(user.id(), id)) {
      throw ApiException.notFound("You have no live session with this id.");
    }
    audit.record(
        AuditEvent.SESSION_REVOKED,
        actor(user, request),
        user.username(),
        id == current ? "session " + id + " (this one)" : "session " + id);
    if (id == current) {
      SessionCookie.clear(response);
    }
  }

  @PostMapping("/api/v1/account/sessions/sign-out-everywhere")
  @Transactional
  Ended signOutEverywhere(@AuthenticationPrincipal SignedInUser user, HttpServletRequest request) {
    long current = user.requireBrowserSession();
    int ended = sessions.endAllOf(user.id(), current);
    audit.record(
        AuditEvent.SESSION_REVOKED,
        actor(user, request),
        user.username(),
        "signed out everywhere else: " + ended + (ended == 1 ? " session" : " sessions"));
    return new Ended(ended);
  }

  private static Actor actor(SignedInUser user, HttpServletRequest request) {
    return new Actor(user.id(), user.username(), ClientAddress.of(request));
  }
}
