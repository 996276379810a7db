package org.conclave.server.media;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.conclave.server.config.ConclaveProperties;
import org.conclave.server.protocol.ServerMessage.IceServer;
import org.conclave.server.protocol.ServerMessage.IceServers;
import org.springframework.stereotype.Component;

/**
 * Mints short-lived credentials for the TURN relay, in the TURN REST API manner that coturn checks
 * with {@code use-auth-secret}: the user name is {@code <expiry in Unix seconds>:<participant id>}
 * and the password is the Base64 of HMAC-SHA1 over that user name, keyed with the shared secret.
 * The relay refuses a user name whose time has passed when an allocation is made, so a leaked
 * credential is worth nothing after {@code conclave.turn.credential-ttl}; nothing is stored, and
 * the participant id (random, per room visit) tells the relay's logs nothing about the person.
 */
@Component
public class TurnCredentials {

  private final ConclaveProperties.Turn turn;
  private final InstantSource clock;
  private final SecretKeySpec key;

  public TurnCredentials(ConclaveProperties properties, InstantSource clock) {
    this.turn = properties.turn();
    this.clock = clock;
    this.key =
        turn.enabled()
            ? new SecretKeySpec(turn.sharedSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA1")
            : null;
  }

  /** The relay for {@code participantId} now, or empty when no relay is configured. */
  public Optional<IceServers> mint(String participantId) {
    return mint(participantId, clock.instant().plus(turn.credentialTtl()));
  }

  /** Credentials that stop working at {@code expiry} (whole seconds). */
  public Optional<IceServers> mint(String participantId, Instant expiry) {
    if (key == null) {
      return Optional.empty();
    }
    String username = expiry.getEpochSecond() + ":" + participantId;
    return Optional.of(
        new IceServers(
            List.of(new IceServer(turn.urls(), username, password(username))),
            expiry.getEpochSecond() * 1000));
  }

  private String password(String username) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(key);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is part of every Java runtime", e);
    }
  }
}
