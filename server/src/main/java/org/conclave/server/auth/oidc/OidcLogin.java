package org.conclave.server.auth.oidc;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.InstantSource;
import org.conclave.server.auth.SessionCookie;
import org.conclave.server.common.ClientAddress;
import org.conclave.server.config.ConclaveProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * OpenID Connect single sign-on through Spring Security's {@code oauth2Login}, switched on by
 * {@code conclave.oidc.enabled}. {@code GET /oauth2/authorization/oidc} starts it; the provider
 * sends the browser back to {@code /login/oauth2/code/oidc}, where Spring Security checks state,
 * PKCE, nonce and the ID token's signature, issuer, audience and expiry.
 *
 * <p>Spring keeps the flow's state in a temporary HTTP session (its cookie is SameSite=Lax so that
 * it comes back with the provider's cross-site redirect). On success Conclave opens its OWN session
 * (the usual {@code __Host-} cookie), ends that temporary session, and never stores Spring's
 * authentication or the provider's tokens. Because our session cookie is SameSite=Strict, the
 * browser would not send it on the rest of a redirect chain that began at the provider; so the flow
 * ends at a small same-origin page ({@value #DONE_PAGE}) whose script then opens the account page
 * as a same-site navigation. Every failure ends at {@value #FAILURE_PAGE}.
 */
@Component
public class OidcLogin {

  static final String DONE_PAGE = "/sso/complete.html";
  static final String FAILURE_PAGE = "/sign-in?error=sso";

  private static final Logger log = LoggerFactory.getLogger(OidcLogin.class);

  private final ConclaveProperties.Oidc config;
  private final OidcClientRegistrations registrations;
  private final OidcSignIn signIn;

  OidcLogin(ConclaveProperties properties, OidcSignIn signIn, InstantSource clock) {
    this.config = properties.oidc();
    OidcSettings.check(config);
    this.registrations = new OidcClientRegistrations(config, clock);
    this.signIn = signIn;
  }

  /** Adds single sign-on to the filter chain when it is switched on; otherwise does nothing. */
  public void configure(HttpSecurity http) throws Exception {
    if (!config.enabled()) {
      return;
    }
    http.oauth2Login(
        o ->
            o.clientRegistrationRepository(registrations)
                // The provider's tokens live only as long as the temporary session: we don't use
                // them after sign-in, so they are not kept anywhere else.
                .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                // Spring's own authentication is for this one request; ours is the session cookie.
                .securityContextRepository(new RequestAttributeSecurityContextRepository())
                .loginPage("/sign-in")
                .successHandler(this::succeeded)
                .failureHandler(this::failed)
                .withObjectPostProcessor(
                    new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                      @Override
                      public <F extends OAuth2AuthorizationRequestRedirectFilter> F postProcess(
                          F filter) {
                        // E.g. the provider's discovery document can't be read: a friendly
                        // redirect instead of a bare 500.
                        filter.setAuthenticationFailureHandler(OidcLogin.this::failed);
                        return filter;
                      }
                    }));
  }

  private void succeeded(
      HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
    String target = FAILURE_PAGE;
    try {
      if (authentication.getPrincipal() instanceof OidcUser user) {
        var identity =
            new OidcSignIn.Identity(
                user.getIdToken().getIssuer().toString(),
                user.getSubject(),
                user.getEmail(),
                Boolean.TRUE.equals(user.getEmailVerified()),
                user.getPreferredUsername(),
                user.getFullName());
        var created =
            signIn.signIn(
                identity, ClientAddress.of(request), request.getHeader(HttpHeaders.USER_AGENT));
        SessionCookie.write(response, created.token());
        target = DONE_PAGE;
      } else {
        log.warn("Single sign-on answered without an OpenID Connect identity; refused.");
      }
    } catch (OidcSignIn.Refused e) {
      log.info("Single sign-on refused: {}", e.getMessage());
    } catch (RuntimeException e) {
      log.error("Single sign-on failed after the provider's answer", e);
    }
    finish(request, response, target);
  }

  private void failed(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException e) {
    log.info("Single sign-on failed: {}", e.getMessage());
    finish(request, response, FAILURE_PAGE);
  }

  /** Ends the temporary HTTP session and its cookie, forgets Spring's authentication, redirects. */
  private static void finish(
      HttpServletRequest request, HttpServletResponse response, String target) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.invalidate();
    }
    String name = request.getServletContext().getSessionCookieConfig().getName();
    response.addHeader(
        HttpHeaders.SET_COOKIE,
        ResponseCookie.from(name == null ? "JSESSIONID" : name, "")
            .path("/")
            .secure(true)
            .httpOnly(true)
            .sameSite("Lax")
            .maxAge(0)
            .build()
            .toString());
    SecurityContextHolder.clearContext();
    // A relative Location: the target never depends on the Host header.
    response.setStatus(HttpServletResponse.SC_FOUND);
    response.setHeader(HttpHeaders.LOCATION, target);
  }
}
