package org.conclave.server.auth;

import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The two kinds of URL rule that keep API tokens in their lane, for the security configuration: a
 * rule that a token with the right scope may pass, and a rule only a browser session may pass. Both
 * also require one of the given roles. A browser session holds {@link ApiScope#ALL}, so it passes
 * every scope check; a token holds only {@code SCOPE_<scope>} for its own scopes.
 */
public final class ApiAccess {

  private ApiAccess() {}

  /** One of these roles, and either a browser session or a token carrying {@code scope}. */
  public static AuthorizationManager<RequestAuthorizationContext> scoped(
      ApiScope scope, String... roles) {
    return AuthorizationManagers.allOf(
        AuthorityAuthorizationManager.hasAnyRole(roles),
        AuthorityAuthorizationManager.hasAnyAuthority(ApiScope.ALL, scope.authority()));
  }

  /** One of these roles, through a browser session only: API tokens are refused. */
  public static AuthorizationManager<RequestAuthorizationContext> browserSessionOnly(
      String... roles) {
    return AuthorizationManagers.allOf(
        AuthorityAuthorizationManager.hasAnyRole(roles),
        AuthorityAuthorizationManager.hasAuthority(ApiScope.ALL));
  }
}
