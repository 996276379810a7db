package org.conclave.server.web;

import org.conclave.server.auth.ApiAccess;
import org.conclave.server.auth.ApiScope;
import org.conclave.server.auth.AuthenticationSetup;
import org.conclave.server.auth.SessionAuthenticationFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The one security filter chain. Authentication comes from our own session cookie (see {@link
 * SessionAuthenticationFilter}) or a personal API token in {@code Authorization: Bearer} (see
 * {@link ApiTokenAuthenticationFilter}); Spring's HTTP session is not used for it (only, briefly,
 * for the state of a single sign-on in progress: see {@link OidcLogin}). Every response carries the
 * security headers; every state-changing request needs the CSRF token (double-submit cookie) unless
 * it authenticates with an API token.
 *
 * <p>API tokens reach only what their scopes open ({@link ApiAccess#scoped}); everything else under
 * {@code /api/v1} needs a browser session ({@link ApiAccess#browserSessionOnly}), so a token can
 * never manage tokens, sessions, passwords or second factors.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfig {

  static final String CSP =
      "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none';"
          + " form-action 'self'; report-uri /api/v1/csp-reports";

  static final String PERMISSIONS_POLICY =
      "camera=(self), microphone=(self), display-capture=(self), fullscreen=(self),"
          + " geolocation=(), payment=(), usb=(), serial=()";

  /**
   * What a session confined to enrolling a second factor may still reach (besides the public
   * endpoints, the session state and sign-out): reading its second factors and enrolling TOTP or a
   * passkey.
   */
  static final String[] ENROLMENT_GET = {
    "/api/v1/account/second-factors", "/api/v1/account/totp/qr.svg"
  };

  static final String[] ENROLMENT_POST = {
    "/api/v1/account/totp/setup",
    "/api/v1/account/totp/confirm",
    "/api/v1/account/passkeys/options",
    "/api/v1/account/passkeys"
  };

  @Bean
  SecurityFilterChain filterChain(
      HttpSecurity http, AuthenticationSetup authentication, ProblemResponses problems)
      throws Exception {
    CookieCsrfTokenRepository csrfRepository = CookieCsrfTokenRepository.withHttpOnlyFalse();
    csrfRepository.setCookieName("__Host-csrf");
    csrfRepository.setHeaderName("X-CSRF-Token");
    csrfRepository.setCookieCustomizer(c -> c.secure(true).sameSite("Strict").path("/"));

    RequestMatcher bearer = AuthenticationSetup::hasBearerToken;
    AuthorizationManager<RequestAuthorizationContext> enrolment =
        AuthorizationManagers.anyOf(
            AuthorityAuthorizationManager.hasAuthority(SessionAuthenticationFilter.ENROLMENT_ONLY),
            ApiAccess.browserSessionOnly("ADMIN", "HOST", "MEMBER"));

    // Authentication lives only as long as its request: it is rebuilt every time from the session
    // cookie or the bearer token, so a session ended in the database stops working at once. The
    // security context is never kept in Spring's HTTP session, and Spring's session management is
    // off (its filter copied the authentication into an HTTP session that outlived ours, and its
    // CSRF strategy cleared the CSRF cookie). Only the OIDC flow uses an HTTP session, briefly.
    http.sessionManagement(s -> s.disable())
        .securityContext(
            c ->
                c.requireExplicitSave(true)
                    .securityContextRepository(new RequestAttributeSecurityContextRepository()))
        .csrf(
            csrf ->
                csrf.csrfTokenRepository(csrfRepository)
                    .csrfTokenRequestHandler(
                        new org.springframework.security.web.csrf
                            .CsrfTokenRequestAttributeHandler())
                    .ignoringRequestMatchers(bearer)
                    .ignoringRequestMatchers(
                        request -> request.getRequestURI().equals("/api/v1/csp-reports")))
        .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
        .headers(
            h ->
                h.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                    .httpStrictTransportSecurity(
                        hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31536000))
                    .frameOptions(f -> f.deny())
                    .referrerPolicy(
                        r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                    .addHeaderWriter(
                        new StaticHeadersWriter("Permissions-Policy", PERMISSIONS_POLICY))
                    .addHeaderWriter(
                        new StaticHeadersWriter("Cross-Origin-Opener-Policy", "same-origin"))
                    .addHeaderWriter(
                        new StaticHeadersWriter("Cross-Origin-Resource-Policy", "same-origin")))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(problems::unauthenticated)
                    .accessDeniedHandler(problems::accessDenied))
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .logout(l -> l.disable())
        .requestCache(r -> r.disable())
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(HttpMethod.GET, "/api/v1/session", "/api/v1/openapi.json")
                    .permitAll()
                    .requestMatchers("/api/v1/auth/sign-in", "/api/v1/auth/sign-out")
                    .permitAll()
                    .requestMatchers(
                        HttpMethod.POST, "/api/v1/auth/passkey/options", "/api/v1/auth/passkey")
                    .permitAll()
                    .requestMatchers("/api/v1/public/**", "/api/v1/csp-reports")
                    .permitAll()
                    // The door of every meeting: guests have no account.
                    .requestMatchers(HttpMethod.POST, "/api/v1/join")
                    .permitAll()
                    .requestMatchers("/api/v1/actuator/health")
                    .permitAll()
                    .requestMatchers("/api/v1/auth/second-factor/**")
                    .hasAuthority(SessionAuthenticationFilter.PENDING)
                    // Enrolling a second factor: open to a full browser session and to a session
                    // confined to enrolment; never to an API token.
                    .requestMatchers(HttpMethod.GET, ENROLMENT_GET)
                    .access(enrolment)
                    .requestMatchers(HttpMethod.POST, ENROLMENT_POST)
                    .access(enrolment)
                    // What an API token may reach, by scope (a browser session passes them all).
                    .requestMatchers(HttpMethod.GET, "/api/v1/actuator/**", "/api/v1/admin/**")
                    .access(ApiAccess.scoped(ApiScope.ADMIN_READ, "ADMIN"))
                    .requestMatchers(HttpMethod.GET, "/api/v1/account/notices")
                    .access(ApiAccess.scoped(ApiScope.ACCOUNT_READ, "ADMIN", "HOST", "MEMBER"))
                    .requestMatchers(HttpMethod.GET, "/api/v1/meetings/**")
                    .access(ApiAccess.scoped(ApiScope.MEETINGS_READ, "ADMIN", "HOST", "MEMBER"))
                    .requestMatchers("/api/v1/meetings/**")
                    .access(ApiAccess.scoped(ApiScope.MEETINGS_WRITE, "ADMIN", "HOST", "MEMBER"))
                    // Everything else: browser session only.
                    .requestMatchers("/api/v1/actuator/**", "/api/v1/admin/**")
                    .access(ApiAccess.browserSessionOnly("ADMIN"))
                    .requestMatchers("/api/v1/**")
                    .access(ApiAccess.browserSessionOnly("ADMIN", "HOST", "MEMBER"))
                    .anyRequest()
                    .permitAll());
    authentication.apply(
        http,
        (request, response, status, code, detail) ->
            problems.write(
                response, ProblemResponses.problem(status, code, detail, request.getRequestURI())));
    return http.build();
  }
}
