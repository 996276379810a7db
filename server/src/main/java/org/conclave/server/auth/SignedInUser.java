package org.conclave.server.auth;

import java.util.Set;
import org.conclave.server.account.Role;

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
}
