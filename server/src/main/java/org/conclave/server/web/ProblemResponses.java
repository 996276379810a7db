package org.conclave.server.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.conclave.server.auth.SessionAuthenticationFilter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes errors: {@code application/problem+json} for the API and for clients that ask for JSON,
 * and a friendly page (or a redirect to sign-in) for people in a browser.
 */
@Component
class ProblemResponses {

  private final JsonMapper json;

  ProblemResponses(JsonMapper json) {
    this.json = json;
  }

  static ProblemDetail problem(HttpStatus status, String code, String detail, String instance) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(URI.create("https://conclave.invalid/problems/" + code));
    p.setTitle(status.getReasonPhrase());
    p.setProperty("code", code);
    if (instance != null) {
      p.setInstance(URI.create(instance));
    }
    return p;
  }

  static boolean wantsPage(HttpServletRequest request) {
    if (request.getRequestURI().startsWith("/api/")) {
      return false;
    }
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("text/html");
  }

  void unauthenticated(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
      throws IOException {
    if (wantsPage(request)) {
      response.sendRedirect("/sign-in");
      return;
    }
    write(
        response,
        problem(
            HttpStatus.UNAUTHORIZED,
            "sign-in-required",
            "Sign in first, then try again.",
            request.getRequestURI()));
  }

  void accessDenied(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
      throws IOException {
    boolean csrf = e instanceof org.springframework.security.web.csrf.CsrfException;
    if (!csrf && confinedToEnrolment()) {
      write(
          response,
          problem(
              HttpStatus.FORBIDDEN,
              "second-factor-enrolment-required",
              "Your organisation requires a second factor for your role. Set up an authenticator"
                  + " app or a passkey first.",
              request.getRequestURI()));
      return;
    }
    write(
        response,
        csrf
            ? problem(
                HttpStatus.FORBIDDEN,
                "csrf-token-missing",
                "This request lacks a valid CSRF token. Reload the page and try again.",
                request.getRequestURI())
            : problem(
                HttpStatus.FORBIDDEN,
                "forbidden",
                "You are not allowed to do this.",
                request.getRequestURI()));
  }

  private static boolean confinedToEnrolment() {
    var auth = SecurityContextHolder.getContext().getAuthentication();
    return auth != null
        && auth.getAuthorities().stream()
            .anyMatch(a -> SessionAuthenticationFilter.ENROLMENT_ONLY.equals(a.getAuthority()));
  }

  void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
    response.setStatus(problem.getStatus());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), problem);
  }
}
