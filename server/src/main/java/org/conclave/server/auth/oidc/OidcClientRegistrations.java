package org.conclave.server.auth.oidc;

import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashSet;
import java.util.Set;
import org.conclave.server.config.ConclaveProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * The one client registration, id {@value #REGISTRATION_ID}, built from {@code conclave.oidc} and
 * the provider's discovery document ({@code <issuer>/.well-known/openid-configuration}).
 *
 * <p>Discovery happens at the first single sign-on, not at start-up, so an identity provider that
 * is down does not keep Conclave (and password sign-in) from starting. A failed discovery is
 * retried at most every {@link #RETRY_AFTER}; a successful one is kept.
 *
 * <p>The registration asks for PKCE (S256) even though the client has a secret, and for the {@code
 * openid} scope, which makes Spring Security send and check a nonce.
 */
final class OidcClientRegistrations implements ClientRegistrationRepository {

  static final String REGISTRATION_ID = "oidc";
  static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(OidcClientRegistrations.class);

  private final ConclaveProperties.Oidc config;
  private final InstantSource clock;
  private volatile ClientRegistration registration;
  private long nextAttemptAt;

  OidcClientRegistrations(ConclaveProperties.Oidc config, InstantSource clock) {
    this.config = config;
    this.clock = clock;
  }

  @Override
  public ClientRegistration findByRegistrationId(String registrationId) {
    if (!config.enabled() || !REGISTRATION_ID.equals(registrationId)) {
      return null;
    }
    ClientRegistration found = registration;
    if (found != null) {
      return found;
    }
    synchronized (this) {
      if (registration == null && clock.millis() >= nextAttemptAt) {
        try {
          registration = build();
        } catch (RuntimeException e) {
          nextAttemptAt = clock.millis() + RETRY_AFTER.toMillis();
          log.warn(
              "Single sign-on is unavailable: the identity provider's discovery document at {}"
                  + " could not be read ({}). Retrying in {} seconds at the next attempt.",
              config.issuerUri(),
              e.getMessage(),
              RETRY_AFTER.toSeconds());
        }
      }
      return registration;
    }
  }

  private ClientRegistration build() {
    Set<String> scopes = new LinkedHashSet<>();
    scopes.add("openid");
    scopes.addAll(config.scopes());
    boolean publicClient = config.clientSecret() == null || config.clientSecret().isBlank();
    ClientRegistration.Builder builder =
        ClientRegistrations.fromOidcIssuerLocation(config.issuerUri())
            .registrationId(REGISTRATION_ID)
            .clientName(config.displayName())
            .clientId(config.clientId())
            .scope(scopes)
            .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
            .clientSettings(
                ClientRegistration.ClientSettings.builder().requireProofKey(true).build());
    if (publicClient) {
      builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
    } else {
      builder.clientSecret(config.clientSecret());
    }
    return builder.build();
  }
}
