package org.conclave.server.auth.mfa;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.conclave.server.auth.SecondFactorPolicy;
import org.conclave.server.auth.SessionCookie;
import org.conclave.server.auth.SessionStore;
import org.conclave.server.common.ClientAddress;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Swaps a session for a new one whenever what it has proven grows (a second factor passed or
 * enrolled): the old token is ended and a new one issued, so a token that anyone saw or planted
 * before the change is worth nothing after it (session fixation).
 */
@Component
class SessionReplacement {

  private final SessionStore sessions;

  SessionReplacement(SessionStore sessions) {
    this.sessions = sessions;
  }

  /** The live session the request's cookie names, if any. */
  Optional<SessionStore.Session> current(HttpServletRequest request) {
    String token = SessionCookie.read(request);
    return token == null ? Optional.empty() : sessions.findLive(token);
  }

  /**
   * Ends {@code old} and opens a fully signed-in session of the same account whose factors are the
   * old ones plus {@code factor}; sets its cookie on the response.
   */
  SessionStore.Created replace(
      SessionStore.Session old,
      String factor,
      HttpServletRequest request,
      HttpServletResponse response) {
    sessions.end(old.id());
    String factors =
        old.factors() == null || old.factors().isEmpty() ? factor : old.factors() + "+" + factor;
    SessionStore.Created created =
        sessions.create(
            old.userId(),
            SessionStore.Stage.SIGNED_IN,
            factors,
            ClientAddress.of(request),
            request.getHeader(HttpHeaders.USER_AGENT));
    SessionCookie.write(response, created.token());
    return created;
  }

  /**
   * What follows enrolling a second factor. When it is the account's first, every other session of
   * the account ends: whoever signed in elsewhere with the password alone is out. When the current
   * session had not proven a second factor, it is replaced by one that has (the person just proved
   * possession of the new factor), which also lifts an enrolment-only restriction.
   *
   * @return how many other sessions were ended
   */
  int afterEnrolment(
      long userId,
      boolean firstFactor,
      String factor,
      HttpServletRequest request,
      HttpServletResponse response) {
    Optional<SessionStore.Session> current = current(request).filter(s -> s.userId() == userId);
    int ended =
        firstFactor
            ? sessions.endAllOf(userId, current.map(SessionStore.Session::id).orElse(null))
            : 0;
    current
        .filter(s -> !SecondFactorPolicy.provesSecondFactor(s.factors()))
        .ifPresent(s -> replace(s, factor, request, response));
    return ended;
  }
}
