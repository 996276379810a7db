package org.conclave.server.web;

import org.conclave.server.account.Users;
import org.conclave.server.auth.SecondFactorPolicy;
import org.conclave.server.auth.SessionAuthenticationFilter;
import org.conclave.server.auth.SessionStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The one security filter chain. Authentication comes from our own session cookie (see {@link
 * SessionAuthenticationFilter}); Spring's HTTP session is not used for it. Every response carries
 * the security headers; every state-changing request needs the CSRF token (double-submit cookie)
 * unless it authenticates with an API token in the Authorization header.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfig {

  static final String CSP =
      "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none';"
          + " form-action 'self'; report-uri /api/v1/csp-reports";

  static final String PERMISSIONS_POLICY =
      "camera=(self), microphone=(self), display-capture=(self), fullscreen=(self),"
          + " geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()";

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
      HttpSecurity http,
      SessionStore sessions,
      Users users,
      SecondFactorPolicy policy,
      ProblemResponses problems)
      throws Exception {
    CookieCsrfTokenRepository csrfRepository = CookieCsrfTokenRepository.withHttpOnlyFalse();
    csrfRepository.setCookieName("__Host-csrf");
    csrfRepository.setHeaderName("X-CSRF-Token");
    csrfRepository.setCookieCustomizer(c -> c.secure(true).sameSite("Strict").path("/"));

    RequestMatcher bearer =
        request -> {
          String h = request.getHeader("Authorization");
          return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7);
        };

    // Our session cookie is the only source of authentication, read afresh on every request. The
    // security context is therefore kept per request and never in Spring's HTTP session: a context
    // saved there would outlive sign-out, revocation and the second-factor step. Spring's session
    // management is off for the same reason (its filter saved the context into a new HTTP session
    // on a session's first request, and its CSRF strategy cleared the CSRF cookie each time).
    http.sessionManagement(s -> s.disable())
        .securityContext(
            c ->
                c.requireExplicitSave(true)
                    .securityContextRepository(new RequestAttributeSecurityContextRepository()))
        .addFilterBefore(
            new SessionAuthenticationFilter(sessions, users, policy),
            AnonymousAuthenticationFilter.class)
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
                    .requestMatchers("/api/v1/actuator/health")
                    .permitAll()
                    .requestMatchers("/api/v1/actuator/**")
                    .hasRole("ADMIN")
                    .requestMatchers("/api/v1/auth/second-factor/**")
                    .hasAuthority(SessionAuthenticationFilter.PENDING)
                    .requestMatchers(HttpMethod.GET, ENROLMENT_GET)
                    .hasAnyAuthority(
                        SessionAuthenticationFilter.ENROLMENT_ONLY,
                        "ROLE_ADMIN",
                        "ROLE_HOST",
                        "ROLE_MEMBER")
                    .requestMatchers(HttpMethod.POST, ENROLMENT_POST)
                    .hasAnyAuthority(
                        SessionAuthenticationFilter.ENROLMENT_ONLY,
                        "ROLE_ADMIN",
                        "ROLE_HOST",
                        "ROLE_MEMBER")
                    .requestMatchers("/api/v1/admin/**")
                    .hasRole("ADMIN")
                    .requestMatchers("/api/v1/**")
                    .hasAnyRole("ADMIN", "HOST", "MEMBER")
                    .anyRequest()
                    .permitAll());
    return http.build();
  }
}
