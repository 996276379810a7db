package org.conclave.server.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.common.ClientAddress;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Sign-in, sign-out and "who am I" for the browser client. */
@RestController
class SignInController {

  record SignInRequest(
      @NotNull @Size(min = 1, max = 254) String username,
      @NotNull @Size(min = 1, max = 1024) String password) {}

  record SignInResponse(String stage, List<String> methods) {}

  record SessionUser(long id, String username, String displayName, String role) {}

  /**
   * @param secondFactorEnrolmentRequired signed in, but the organisation requires a second factor
   *     of this role and the session may do nothing until one is enrolled
   */
  record SessionResponse(
      boolean authenticated,
      boolean secondFactorPending,
      boolean secondFactorEnrolmentRequired,
      SessionUser user,
      String csrfToken) {}

  private final SignInService signIn;
  private final SessionStore sessions;
  private final AuditLog audit;

  SignInController(SignInService signIn, SessionStore sessions, AuditLog audit) {
    this.signIn = signIn;
    this.sessions = sessions;
    this.audit = audit;
  }

  @PostMapping("/api/v1/auth/sign-in")
  SignInResponse signIn(
      @Valid @RequestBody SignInRequest body,
      HttpServletRequest request,
      HttpServletResponse response) {
    try {
      var outcome =
          signIn.signIn(
              body.username(),
              body.password(),
              ClientAddress.of(request),
              request.getHeader(HttpHeaders.USER_AGENT),
              TrustedDevices.read(request));
      // A new token on every sign-in: any session id planted beforehand is worthless.
      endPresentedSession(request);
      SessionCookie.write(response, outcome.session().token());
      if (outcome.newDeviceToken() != null) {
        TrustedDevices.write(response, outcome.newDeviceToken());
      }
      return new SignInResponse(
          outcome.secondFactorPending() ? "second-factor" : "signed-in", outcome.methods());
    } catch (SignInService.Throttled t) {
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(t.retryAfterSeconds()));
      throw t;
    }
  }

  @PostMapping("/api/v1/auth/sign-out")
  @Transactional
  void signOut(
      @AuthenticationPrincipal SignedInUser user,
      HttpServletRequest request,
      HttpServletResponse response) {
    if (user != null && user.sessionId() != null && sessions.end(user.sessionId())) {
      audit.record(
          AuditEvent.SIGNED_OUT,
          new Actor(user.id(), user.username(), ClientAddress.of(request)),
          user.username(),
          null);
    }
    SessionCookie.clear(response);
  }

  /** The current sign-in state, and the CSRF token the client must echo on changes. */
  @GetMapping("/api/v1/session")
  SessionResponse session(
      @AuthenticationPrincipal SignedInUser user, Authentication authentication, CsrfToken csrf) {
    String token = csrf == null ? null : csrf.getToken();
    if (user == null) {
      return new SessionResponse(false, false, false, null, token);
    }
    boolean enrolmentOnly =
        authentication.getAuthorities().stream()
            .anyMatch(a -> SessionAuthenticationFilter.ENROLMENT_ONLY.equals(a.getAuthority()));
    return new SessionResponse(
        !user.secondFactorPending(),
        user.secondFactorPending(),
        enrolmentOnly,
        new SessionUser(user.id(), user.username(), user.displayName(), user.role().name()),
        token);
  }

  private void endPresentedSession(HttpServletRequest request) {
    String old = SessionCookie.read(request);
    if (old != null) {
      sessions.findLive(old).ifPresent(s -> sessions.end(s.id()));
    }
  }
}
