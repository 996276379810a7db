package org.conclave.server.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.regex.Pattern;
import org.conclave.server.account.Role;

/**
 * Refuses configuration that would leave Conclave open: each rule throws {@link
 * UnsafeConfigurationException} with one sentence naming the key and saying how to fix it. The
 * whole check runs when the application context starts, before any bean is made ({@link
 * ConfigurationCheck}), for the server and the command line alike, so a bad value never reaches a
 * running system; the HTTP part runs even earlier, before the TLS set-up that depends on it ({@link
 * WebServerEnvironment}).
 *
 * <p>The floors follow the issue and NIST SP 800-63B: passwords of at least 8 characters and up to
 * at least 128 allowed; Argon2id no weaker than OWASP's smallest recommended set (19 MiB, two
 * passes); only HTTPS addresses, since the session cookie is {@code __Host-} and Secure.
 */
final class StartupSafetyCheck {

  /**
   * Lets the test suite hash with cheap Argon2 parameters. Never set it in production: the start-up
   * summary in the audit log names it when it is on.
   */
  static final String ALLOW_WEAK_HASHING = ConclaveProperties.Argon2.ALLOW_WEAK_FOR_TESTS;

  static final int MIN_PASSWORD_LENGTH_FLOOR = 8;
  static final int MAX_PASSWORD_LENGTH_FLOOR = 128;
  static final int ARGON2_MEMORY_FLOOR_KIB = 19456;
  static final int ARGON2_ITERATIONS_FLOOR = 2;

  // An IPv4 or IPv6 literal (hex digits, dots and colons only, so no name is ever looked up),
  // optionally followed by /prefix-length.
  private static final Pattern ADDRESS_OR_CIDR = Pattern.compile("[0-9A-Fa-f.:]+(/[0-9]{1,3})?");

  private StartupSafetyCheck() {}

  /** Throws {@link UnsafeConfigurationException} at the first unsafe setting. */
  static void check(ConclaveProperties p, boolean allowWeakHashing) {
    checkOrganisation(p);
    checkPublicUrl(p.publicUrl());
    checkHttp(p.http());
    checkPasswords(p.passwords(), allowWeakHashing);
    checkSignIn(p.signIn());
    checkSessions(p.sessions());
    positive(p.apiTokens().maxLifetime(), "conclave.api-tokens.max-lifetime", "365d");
    checkRoles(
        p.accounts().requireSecondFactorFor(), "conclave.accounts.require-second-factor-for");
    checkOidc(p.oidc());
  }

  private static void checkOrganisation(ConclaveProperties p) {
    if (p.organisationName().isBlank() || p.organisationName().length() > 100) {
      refuse(
          "conclave.organisation-name must be between 1 and 100 characters: set it to your"
              + " organisation's name as people should see it.");
    }
  }

  private static void checkPublicUrl(String publicUrl) {
    URI uri;
    try {
      uri = new URI(publicUrl);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri == null
        || !"https".equalsIgnoreCase(uri.getScheme())
        || uri.getHost() == null
        || uri.getRawUserInfo() != null) {
      refuse(
          "conclave.public-url is '"
              + publicUrl
              + "' but must be the https:// address people use to reach Conclave (for example"
              + " https://meet.example.org): browsers only keep Conclave's secure session cookie"
              + " over HTTPS, so even behind a TLS-terminating proxy give the proxy's https"
              + " address.");
    }
    if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty())
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      refuse(
          "conclave.public-url is '"
              + publicUrl
              + "' but must be an origin only, without a path, query or fragment (for example"
              + " https://meet.example.org): Conclave is served at the root of its own host name.");
    }
  }

  /** The listening and TLS settings alone (needed before the web server's TLS is set up). */
  static void checkHttp(ConclaveProperties.Http http) {
    if (http.port() < 1 || http.port() > 65535) {
      refuse("conclave.http.port is " + http.port() + ": use a port between 1 and 65535.");
    }
    if (http.redirectPort() > 65535) {
      refuse(
          "conclave.http.redirect-port is "
              + http.redirectPort()
              + ": use a port between 1 and 65535, or 0 to not redirect plain HTTP.");
    }
    if (http.tls() != ConclaveProperties.TlsMode.BEHIND_PROXY
        && http.redirectPort().equals(http.port())) {
      refuse(
          "conclave.http.redirect-port and conclave.http.port are both "
              + http.port()
              + ": give the plain-HTTP redirect its own port (8080 by default) or set it to 0.");
    }
    for (String entry : http.trustedProxies()) {
      checkProxyEntry(entry);
    }
    switch (http.tls()) {
      case SELF_SIGNED -> {}
      case FILES -> {
        if (http.certificate() == null || http.privateKey() == null) {
          refuse(
              "conclave.http.tls is 'files' but conclave.http.certificate or"
                  + " conclave.http.private-key is not set: give the paths of your PEM certificate"
                  + " chain and private key.");
        }
        readable(http.certificate(), "conclave.http.certificate", "PEM certificate chain");
        readable(http.privateKey(), "conclave.http.private-key", "PEM private key");
      }
      case BEHIND_PROXY -> {
        if (http.trustedProxies().isEmpty()) {
          refuse(
              "conclave.http.tls is 'behind-proxy' (plain HTTP) but"
                  + " conclave.http.trusted-proxies is empty: list the addresses of the reverse"
                  + " proxies that terminate TLS for Conclave (for example 10.0.0.5/32), or use"
                  + " tls: self-signed or tls: files.");
        }
      }
    }
  }

  private static void checkProxyEntry(String entry) {
    String value = entry == null ? "" : entry.strip();
    if (!addressOrRange(value)) {
      refuse(
          "conclave.http.trusted-proxies has '"
              + entry
              + "', which is not an IP address or CIDR range: write each proxy as an address or"
              + " range such as 10.0.0.5, 10.0.0.0/24 or 2001:db8::/64.");
    }
    if (value.matches(".*/0+")) {
      refuse(
          "conclave.http.trusted-proxies has '"
              + entry
              + "', which trusts every address on the Internet to say where a request came from:"
              + " list only the addresses of your own reverse proxies.");
    }
  }

  private static boolean addressOrRange(String value) {
    if (!ADDRESS_OR_CIDR.matcher(value).matches()) {
      return false;
    }
    int slash = value.indexOf('/');
    String address = slash < 0 ? value : value.substring(0, slash);
    boolean v6 = address.indexOf(':') >= 0;
    if (!(v6 ? ipv6(address) : ipv4(address))) {
      return false;
    }
    return slash < 0 || Integer.parseInt(value.substring(slash + 1)) <= (v6 ? 128 : 32);
  }

  private static boolean ipv6(String address) {
    try {
      // With a colon in it, the JDK parses the text as an IPv6 literal and never looks it up.
      InetAddress.getByName(address);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean ipv4(String address) {
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
        return false;
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  private static void readable(Path file, String key, String what) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      refuse(
          key
              + " is '"
              + file
              + "', which does not exist or cannot be read: give the path of your "
              + what
              + " and let the user that runs Conclave read it.");
    }
  }

  private static void checkPasswords(ConclaveProperties.Passwords pw, boolean allowWeakHashing) {
    if (pw.minLength() < MIN_PASSWORD_LENGTH_FLOOR) {
      refuse(
          "conclave.passwords.min-length is "
              + pw.minLength()
              + ", below the floor of "
              + MIN_PASSWORD_LENGTH_FLOOR
              + ": set it to at least 8 (12, the default, is better).");
    }
    if (pw.maxLength() < MAX_PASSWORD_LENGTH_FLOOR || pw.maxLength() > 1024) {
      refuse(
          "conclave.passwords.max-length is "
              + pw.maxLength()
              + ": allow passwords of at least 128 characters (and at most 1024) so that"
              + " passphrases fit.");
    }
    if (pw.minLength() > pw.maxLength()) {
      refuse(
          "conclave.passwords.min-length is larger than conclave.passwords.max-length: make the"
              + " minimum smaller than the maximum.");
    }
    if (pw.history() < 0 || pw.history() > 50) {
      refuse(
          "conclave.passwords.history is "
              + pw.history()
              + ": give how many recent passwords may not be reused, from 0 to 50 (default 5).");
    }
    ConclaveProperties.Argon2 a = pw.argon2();
    if (!allowWeakHashing
        && (a.memoryKib() < ARGON2_MEMORY_FLOOR_KIB || a.iterations() < ARGON2_ITERATIONS_FLOOR)) {
      refuse(
          "conclave.passwords.argon2 is memory-kib "
              + a.memoryKib()
              + ", iterations "
              + a.iterations()
              + ", weaker than the floor of memory-kib 19456 and iterations 2: raise them (the"
              + " defaults are the floor).");
    }
    if (a.memoryKib() < 8 * a.parallelism() || a.iterations() < 1) {
      refuse(
          "conclave.passwords.argon2 memory-kib must be at least 8 per lane of parallelism and"
              + " iterations at least 1: use the defaults (19456, 2, 1).");
    }
    if (a.parallelism() < 1 || a.parallelism() > 16) {
      refuse(
          "conclave.passwords.argon2.parallelism is "
              + a.parallelism()
              + ": use a value from 1 to 16 (default 1).");
    }
    if (pw.maxConcurrentHashes() < 1) {
      refuse(
          "conclave.passwords.max-concurrent-hashes is "
              + pw.maxConcurrentHashes()
              + ": allow at least 1 (default 4; about the number of processor cores).");
    }
  }

  private static void checkSignIn(ConclaveProperties.SignIn s) {
    if (s.accountFailures() < 1 || s.addressFailures() < 1) {
      refuse(
          "conclave.sign-in.account-failures and address-failures must be at least 1: sign-in"
              + " throttling cannot be switched off (defaults 5 and 20).");
    }
    positive(s.window(), "conclave.sign-in.window", "15m");
    positive(s.baseDelay(), "conclave.sign-in.base-delay", "2s");
    if (s.maxDelay().compareTo(s.baseDelay()) < 0) {
      refuse(
          "conclave.sign-in.max-delay is shorter than conclave.sign-in.base-delay: make the"
              + " longest delay at least as long as the first one (defaults 15m and 2s).");
    }
    if (s.notifyAfter().isNegative()) {
      refuse(
          "conclave.sign-in.notify-after is negative: use 0 to tell the user at the first"
              + " throttled attempt, or a positive duration.");
    }
  }

  private static void checkSessions(ConclaveProperties.Sessions s) {
    positive(s.idleTimeout(), "conclave.sessions.idle-timeout", "30m");
    positive(s.absoluteLifetime(), "conclave.sessions.absolute-lifetime", "12h");
    if (s.idleTimeout().compareTo(s.absoluteLifetime()) > 0) {
      refuse(
          "conclave.sessions.idle-timeout ("
              + written(s.idleTimeout())
              + ") is longer than conclave.sessions.absolute-lifetime ("
              + written(s.absoluteLifetime())
              + "): make the idle timeout shorter than the absolute lifetime (defaults 30m and"
              + " 12h).");
    }
  }

  private static void checkOidc(ConclaveProperties.Oidc oidc) {
    if (!oidc.enabled()) {
      return;
    }
    if (blank(oidc.issuerUri()) || blank(oidc.clientId())) {
      refuse(
          "conclave.oidc.enabled is true but conclave.oidc.issuer-uri or conclave.oidc.client-id"
              + " is not set: give your identity provider's issuer address and the client id"
              + " registered for Conclave, or set enabled: false.");
    }
    URI issuer;
    try {
      issuer = new URI(oidc.issuerUri());
    } catch (URISyntaxException e) {
      issuer = null;
    }
    if (issuer == null
        || issuer.getHost() == null
        || !("https".equalsIgnoreCase(issuer.getScheme())
            || "http".equalsIgnoreCase(issuer.getScheme()))) {
      refuse(
          "conclave.oidc.issuer-uri is '"
              + oidc.issuerUri()
              + "', which is not an http(s) address: give the issuer exactly as your identity"
              + " provider publishes it (for example https://sso.example.org/realms/staff).");
    }
    checkRoles(java.util.List.of(oidc.defaultRole()), "conclave.oidc.default-role");
  }

  private static void checkRoles(Collection<String> roles, String key) {
    for (String role : roles) {
      boolean known = Arrays.stream(Role.values()).anyMatch(r -> r.name().equals(role));
      if (!known) {
        refuse(
            key
                + " has '"
                + role
                + "', which is not a role: use ADMIN, HOST or MEMBER (in capitals).");
      }
    }
  }

  private static void positive(Duration d, String key, String example) {
    if (d.isZero() || d.isNegative()) {
      refuse(key + " must be a positive duration: use for example " + example + ".");
    }
  }

  /** A duration the way it is written in conclave.yml: 90s, 30m, 12h, 2d. */
  static String written(Duration d) {
    long seconds = d.getSeconds();
    if (d.getNano() != 0) {
      return d.toMillis() + "ms";
    }
    if (seconds != 0 && seconds % 86400 == 0) {
      return seconds / 86400 + "d";
    }
    if (seconds != 0 && seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds != 0 && seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static void refuse(String sentence) {
    throw new UnsafeConfigurationException(sentence);
  }
}
