package org.conclave.server.auth.tokens;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.conclave.server.auth.ApiScope;
import org.conclave.server.auth.AuthenticationSetup.ProblemWriter;
import org.conclave.server.common.ClientAddress;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates requests that carry {@code Authorization: Bearer <token>} with a personal API
 * token. The principal is a {@link org.conclave.server.auth.SignedInUser} with its {@code
 * tokenScopes}; the authorities are the owner's role and {@code SCOPE_<scope>} per scope (never
 * {@link ApiScope#ALL}, which marks a browser session).
 *
 * <p>A request that names a bearer token is judged by the token alone: a bad one is answered 401
 * (or 429 once the address has presented too many) right here, and never falls back to the session
 * cookie or to anonymous access. That matters because bearer requests skip the CSRF check: skipping
 * it is safe only for a request that really proves a token.
 */
public class ApiTokenAuthenticationFilter extends OncePerRequestFilter {

  private final ApiTokens tokens;
  private final ProblemWriter problems;

  public ApiTokenAuthenticationFilter(ApiTokens tokens, ProblemWriter problems) {
    this.tokens = tokens;
    this.problems = problems;
  }

  /** True when the request names a bearer token; the CSRF exemption must use this same test. */
  public static boolean hasBearerToken(HttpServletRequest request) {
    String h = request.getHeader(HttpHeaders.AUTHORIZATION);
    return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!hasBearerToken(request)) {
      chain.doFilter(request, response);
      return;
    }
    String presented = request.getHeader(HttpHeaders.AUTHORIZATION).substring(7).strip();
    ApiTokens.Outcome outcome = tokens.authenticate(presented, ClientAddress.of(request));
    if (outcome instanceof ApiTokens.Refused refused) {
      response.setHeader(
          HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"conclave\", error=\"invalid_token\"");
      if (refused.retryAfterSeconds() != null) {
        response.setHeader(HttpHeaders.RETRY_AFTER, refused.retryAfterSeconds().toString());
      }
      problems.write(request, response, refused.status(), refused.code(), refused.detail());
      return;
    }
    ApiTokens.Accepted accepted = (ApiTokens.Accepted) outcome;
    List<GrantedAuthority> authorities = new ArrayList<>();
    authorities.add(new SimpleGrantedAuthority(accepted.user().role().authority()));
    accepted.scopes().forEach(s -> authorities.add(new SimpleGrantedAuthority(s.authority())));
    var auth =
        UsernamePasswordAuthenticationToken.authenticated(accepted.user(), null, authorities);
    SecurityContextHolder.getContext().setAuthentication(auth);
    chain.doFilter(request, response);
  }
}
