package org.conclave.server.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.conclave.server.account.Users;
import org.conclave.server.auth.oidc.OidcLogin;
import org.conclave.server.auth.tokens.ApiTokenAuthenticationFilter;
import org.conclave.server.auth.tokens.ApiTokens;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.stereotype.Component;

/**
 * What the auth feature adds to the one security filter chain: the session-cookie and API-token
 * filters that authenticate each request afresh, and single sign-on when it is configured. The web
 * feature's {@code SecurityConfig} calls {@link #apply} and keeps the URL rules.
 */
@Component
public class AuthenticationSetup {

  /** Writes a refusal as the application writes every error (problem+json). */
  @FunctionalInterface
  public interface ProblemWriter {
    void write(
        HttpServletRequest request,
        HttpServletResponse response,
        HttpStatus status,
        String code,
        String detail)
        throws IOException;
  }

  private final SessionStore sessions;
  private final Users users;
  private final SecondFactorPolicy policy;
  private final ApiTokens apiTokens;
  private final OidcLogin oidcLogin;

  AuthenticationSetup(
      SessionStore sessions,
      Users users,
      SecondFactorPolicy policy,
      ApiTokens apiTokens,
      OidcLogin oidcLogin) {
    this.sessions = sessions;
    this.users = users;
    this.policy = policy;
    this.apiTokens = apiTokens;
    this.oidcLogin = oidcLogin;
  }

  /** Adds the authentication filters (and OIDC login when enabled) to the chain. */
  public void apply(HttpSecurity http, ProblemWriter problems) throws Exception {
    http.addFilterBefore(
            new SessionAuthenticationFilter(sessions, users, policy),
            AnonymousAuthenticationFilter.class)
        .addFilterBefore(
            new ApiTokenAuthenticationFilter(apiTokens, problems),
            SessionAuthenticationFilter.class);
    oidcLogin.configure(http);
  }

  /** True when the request names a bearer token; the CSRF exemption must use this same test. */
  public static boolean hasBearerToken(HttpServletRequest request) {
    return ApiTokenAuthenticationFilter.hasBearerToken(request);
  }
}
