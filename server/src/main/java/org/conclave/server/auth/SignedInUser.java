package org.conclave.server.auth;

import java.util.Set;
import org.conclave.server.account.Role;
import org.conclave.server.common.ApiException;

/**
 * The principal of an authenticated request: who, in which role, through which session (or API
 * token), and — for a session that has passed only the password — that it still owes a second
 * factor.
 *
 * @param sessionId the browser session, or null for an API-token request
 * @param tokenScopes the API token's scopes, or null for a browser session
 */
public record SignedInUser(
    long id,
    String username,
    String displayName,
    Role role,
    Long sessionId,
    boolean secondFactorPending,
    Set<String> tokenScopes) {

  public boolean viaApiToken() {
    return tokenScopes != null;
  }

  /**
   * The browser session this request came through. Managing sessions, tokens, passwords and second
   * factors needs one: an API token must never be able to widen or prolong its own access. (The URL
   * rules already keep tokens out; this is the second lock on the same door.)
   *
   * @throws ApiException 403 {@code browser-session-required} for an API-token request
   */
  public long requireBrowserSession() {
    if (viaApiToken() || sessionId == null) {
      throw ApiException.forbidden(
          "browser-session-required",
          "This can only be done from a signed-in browser, not with an API token.");
    }
    return sessionId;
  }
}
