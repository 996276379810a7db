package org.conclave.server.auth;

import java.util.Arrays;
import java.util.Optional;
import org.conclave.server.account.Role;

/**
 * What a personal API token may do. The set is closed: a token carries one or more of these, and a
 * request made with it reaches only the endpoints its scopes open (see {@link ApiAccess}). Nothing
 * here opens the management of tokens, sessions, passwords or second factors: those need a
 * signed-in browser, whatever the token says.
 *
 * <ul>
 *   <li>{@code account:read}: who the token belongs to ({@code GET /api/v1/session}) and the
 *       account's notices ({@code GET /api/v1/account/notices}).
 *   <li>{@code meetings:read}: read meetings ({@code GET /api/v1/meetings/**}).
 *   <li>{@code meetings:write}: create, change and end meetings (other methods on {@code
 *       /api/v1/meetings/**}), within what the owner's role allows.
 *   <li>{@code admin:read}: read the administration API and metrics ({@code GET /api/v1/admin/**},
 *       {@code GET /api/v1/actuator/**}); only administrators may grant it, and it works only while
 *       its owner is still an administrator.
 * </ul>
 */
public enum ApiScope {
  ACCOUNT_READ("account:read", null),
  MEETINGS_READ("meetings:read", null),
  MEETINGS_WRITE("meetings:write", null),
  ADMIN_READ("admin:read", Role.ADMIN);

  /**
   * The authority a browser session holds: every scope at once. Token requests never hold it, so
   * requiring it means "browser session only".
   */
  public static final String ALL = "SCOPE_all";

  private final String value;
  private final Role grantableOnlyBy;

  ApiScope(String value, Role grantableOnlyBy) {
    this.value = value;
    this.grantableOnlyBy = grantableOnlyBy;
  }

  /** The scope's name as written in requests and responses, e.g. {@code meetings:read}. */
  public String value() {
    return value;
  }

  /** The Spring Security authority a token with this scope holds: {@code SCOPE_<value>}. */
  public String authority() {
    return "SCOPE_" + value;
  }

  /** Whether a user of this role may put this scope on a token. */
  public boolean grantableBy(Role role) {
    return grantableOnlyBy == null || grantableOnlyBy == role;
  }

  public static Optional<ApiScope> parse(String value) {
    return Arrays.stream(values()).filter(s -> s.value.equals(value)).findFirst();
  }
}
