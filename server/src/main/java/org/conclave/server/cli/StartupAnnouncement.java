package org.conclave.server.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.conclave.server.account.AccountService;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * When the server is ready: records {@link AuditEvent#CONFIGURATION_LOADED} with a summary of the
 * security-relevant settings (never a secret), and tells the operator on standard output where
 * Conclave is and — while no administrator exists — the one-time set-up link (single use, one hour;
 * each start replaces the previous link). Only for the server, not for command-line runs.
 */
@Component
@ConditionalOnWebApplication
class StartupAnnouncement {

  private final ConclaveProperties properties;
  private final AccountService accounts;
  private final AuditLog audit;
  private final Environment environment;

  StartupAnnouncement(
      ConclaveProperties properties,
      AccountService accounts,
      AuditLog audit,
      Environment environment) {
    this.properties = properties;
    this.accounts = accounts;
    this.audit = audit;
    this.environment = environment;
  }

  @EventListener(ApplicationReadyEvent.class)
  void announce() {
    audit.recordAlone(AuditEvent.CONFIGURATION_LOADED, Actor.system(), null, summary());
    Optional<String> setupToken = accounts.setupLinkIfNeeded();
    print(System.out, setupToken);
  }

  /** The settings an auditor wants to see at each start, as one line; no secrets. */
  String summary() {
    ConclaveProperties p = properties;
    ConclaveProperties.Argon2 a = p.passwords().argon2();
    StringBuilder b = new StringBuilder();
    b.append("public-url ").append(p.publicUrl());
    b.append("; tls ").append(p.http().tls().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    b.append("; port ").append(p.http().port());
    b.append("; redirect-port ")
        .append(p.http().redirectPort() > 0 ? p.http().redirectPort() : "off");
    b.append("; trusted-proxies ").append(p.http().trustedProxies());
    b.append("; database ").append(databaseEngine());
    b.append("; self-registration ").append(p.accounts().selfRegistration() ? "on" : "off");
    b.append("; second factor required for ")
        .append(new TreeSet<>(p.accounts().requireSecondFactorFor()));
    b.append("; passwords min ")
        .append(p.passwords().minLength())
        .append(" max ")
        .append(p.passwords().maxLength())
        .append(" history ")
        .append(p.passwords().history());
    b.append("; argon2id m=")
        .append(a.memoryKib())
        .append(" t=")
        .append(a.iterations())
        .append(" p=")
        .append(a.parallelism());
    if (environment.getProperty(
        ConclaveProperties.Argon2.ALLOW_WEAK_FOR_TESTS, Boolean.class, false)) {
      b.append(" (WEAK HASHING ALLOWED FOR TESTS)");
    }
    b.append("; sign-in throttle account ")
        .append(p.signIn().accountFailures())
        .append(" address ")
        .append(p.signIn().addressFailures())
        .append(" per ")
        .append(p.signIn().window());
    b.append("; sessions idle ")
        .append(p.sessions().idleTimeout())
        .append(" absolute ")
        .append(p.sessions().absoluteLifetime());
    b.append("; api-tokens max ").append(p.apiTokens().maxLifetime());
    b.append("; oidc ").append(p.oidc().enabled() ? "on, issuer " + p.oidc().issuerUri() : "off");
    return b.toString();
  }

  /** Only the engine: the JDBC URL itself may carry a password. */
  private String databaseEngine() {
    String url = environment.getProperty("spring.datasource.url", "");
    if (url.startsWith("jdbc:h2:")) {
      return "H2 (embedded)";
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return "PostgreSQL";
    }
    int colon = url.indexOf(':', 5);
    return colon > 0 ? url.substring(0, colon) : "unknown";
  }

  private void print(PrintStream out, Optional<String> setupToken) {
    String url = properties.publicUrl();
    StringBuilder b = new StringBuilder();
    String rule = "=".repeat(76);
    b.append('\n').append(rule).append('\n');
    b.append("  Conclave is running at ").append(url).append('\n');
    if (properties.http().tls() == ConclaveProperties.TlsMode.SELF_SIGNED) {
      b.append("  (self-signed certificate: your browser will warn once; for production see\n")
          .append("   docs/operations.md)\n");
    }
    setupToken.ifPresent(
        token ->
            b.append('\n')
                .append("  No administrator exists yet. Open this one-time set-up link within\n")
                .append("  one hour to create the first administrator account:\n\n")
                .append("    ")
                .append(url)
                .append("/setup#")
                .append(token)
                .append("\n\n")
                .append("  Each start makes a new link while no administrator exists;\n")
                .append("  ./conclave admin setup-link makes one at any time.\n"));
    b.append(rule).append('\n');
    out.print(b);
    out.flush();
  }
}
