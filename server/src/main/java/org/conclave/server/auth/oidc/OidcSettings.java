package org.conclave.server.auth.oidc;

import java.net.URI;
import java.text.Normalizer;
import java.util.Locale;
import org.conclave.server.account.Role;
import org.conclave.server.config.ConclaveProperties;
import org.conclave.server.config.UnsafeConfigurationException;

/** Checks {@code conclave.oidc} at start-up, and derives user names from what the provider says. */
final class OidcSettings {

  private OidcSettings() {}

  /**
   * Refuses to start with single sign-on switched on but unusable or unsafe: no issuer or client
   * id, an issuer reached over plain HTTP (except on this machine), or a default role of ADMIN
   * (which would make everyone the provider knows an administrator of Conclave).
   */
  static void check(ConclaveProperties.Oidc config) {
    if (!config.enabled()) {
      return;
    }
    if (config.issuerUri() == null || config.issuerUri().isBlank()) {
      throw new UnsafeConfigurationException(
          "conclave.oidc.enabled is true but conclave.oidc.issuer-uri is not set: give the"
              + " identity provider's issuer URL (for Keycloak"
              + " https://<host>/realms/<realm>).");
    }
    URI issuer;
    try {
      issuer = URI.create(config.issuerUri().strip());
    } catch (IllegalArgumentException e) {
      throw new UnsafeConfigurationException(
          "conclave.oidc.issuer-uri is not a valid URL: give the identity provider's issuer URL.");
    }
    boolean https = "https".equalsIgnoreCase(issuer.getScheme());
    boolean loopbackHttp = "http".equalsIgnoreCase(issuer.getScheme()) && isLoopback(issuer);
    if (issuer.getHost() == null || !(https || loopbackHttp)) {
      throw new UnsafeConfigurationException(
          "conclave.oidc.issuer-uri must be an https:// URL (plain http is accepted only for a"
              + " provider on this machine): fix the issuer URL.");
    }
    if (config.clientId() == null || config.clientId().isBlank()) {
      throw new UnsafeConfigurationException(
          "conclave.oidc.enabled is true but conclave.oidc.client-id is not set: give the client"
              + " id registered for Conclave at the identity provider.");
    }
    defaultRole(config);
  }

  /** The role of accounts created at first sign-on; never ADMIN. */
  static Role defaultRole(ConclaveProperties.Oidc config) {
    Role role;
    try {
      role = Role.valueOf(config.defaultRole().strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UnsafeConfigurationException(
          "conclave.oidc.default-role is '" + config.defaultRole() + "': use MEMBER or HOST.");
    }
    if (role == Role.ADMIN) {
      throw new UnsafeConfigurationException(
          "conclave.oidc.default-role is ADMIN, which would make everyone who can sign in at the"
              + " identity provider an administrator: use MEMBER or HOST and promote"
              + " administrators one by one.");
    }
    return role;
  }

  /**
   * A user name from {@code preferred_username}, else the e-mail address's local part, else "user":
   * accents removed (so "Nguyễn Đức" gives "nguyen-duc"), lower case, only letters, digits, '.',
   * '_' and '-', 3 to 40 characters. Not unique yet; the caller adds a suffix when taken.
   */
  static String usernameFrom(OidcSignIn.Identity identity) {
    String raw = identity.preferredUsername();
    if (raw == null || raw.isBlank()) {
      raw = identity.email();
    }
    if (raw == null || raw.isBlank()) {
      return "user";
    }
    int at = raw.indexOf('@');
    if (at > 0) {
      raw = raw.substring(0, at);
    }
    String ascii =
        Normalizer.normalize(raw.replace('đ', 'd').replace('Đ', 'D'), Normalizer.Form.NFKD)
            .replaceAll("\\p{M}", "")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9._-]+", "-")
            .replaceAll("^[._-]+|[._-]+$", "");
    if (ascii.length() > 40) {
      ascii = ascii.substring(0, 40).replaceAll("[._-]+$", "");
    }
    return ascii.length() < 3 ? "user" : ascii;
  }

  private static boolean isLoopback(URI uri) {
    String host = uri.getHost();
    return host != null
        && (host.equalsIgnoreCase("localhost")
            || host.startsWith("127.")
            || host.equals("[::1]")
            || host.equals("::1"));
  }
}
