package org.conclave.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.conclave.server.config.ConclaveProperties;
import org.conclave.server.protocol.ServerMessage.IceServer;
import org.conclave.server.protocol.ServerMessage.IceServers;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {

  private static final String SECRET = "north-wind-0123456789abcdef01234567";
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000);

  private static TurnCredentials credentials(List<String> urls, Duration ttl) {
    ConclaveProperties p =
        new ConclaveProperties(
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            new ConclaveProperties.Turn(urls, urls.isEmpty() ? null : SECRET, ttl));
    return new TurnCredentials(p, InstantSource.fixed(NOW));
  }

  @Test
  void theUserNameIsTheExpiryInUnixSecondsAndTheParticipantId() {
    IceServers s =
        credentials(List.of("turn:turn.example.org:3478"), Duration.ofMinutes(10))
            .mint("p-7fK2mQ9x")
            .orElseThrow();
    assertThat(s.iceServers())
        .extracting(IceServer::username)
        .containsExactly("1700000600:p-7fK2mQ9x");
    assertThat(s.expiresAt()).isEqualTo(1_700_000_600_000L);
  }

  @Test
  void thePasswordIsTheBase64HmacSha1OfTheUserNameUnderTheSharedSecret() {
    // Expected value from Python: base64(hmac.new(SECRET, b'1700000600:p-7fK2mQ9x', sha1)),
    // the computation coturn makes with use-auth-secret.
    IceServers s =
        credentials(List.of("turn:turn.example.org:3478"), Duration.ofMinutes(10))
            .mint("p-7fK2mQ9x")
            .orElseThrow();
    assertThat(s.iceServers().get(0).credential()).isEqualTo("2J6R5bDdDtZeXRH6b8+l94qYDZE=");
  }

  @Test
  void everyConfiguredAddressIsOfferedWithTheSameCredentials() {
    List<String> urls =
        List.of(
            "turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:443?transport=tcp");
    IceServers s = credentials(urls, Duration.ofMinutes(10)).mint("p1").orElseThrow();
    assertThat(s.iceServers()).singleElement().extracting(IceServer::urls).isEqualTo(urls);
  }

  @Test
  void theLifetimeIsTheConfiguredOne() {
    IceServers s =
        credentials(List.of("turn:t.example.org"), Duration.ofHours(2)).mint("p1").orElseThrow();
    assertThat(Instant.ofEpochMilli(s.expiresAt())).isEqualTo(NOW.plus(Duration.ofHours(2)));
  }

  @Test
  void withoutARelayNothingIsMinted() {
    assertThat(credentials(List.of(), Duration.ofMinutes(10)).mint("p1")).isEmpty();
  }
}
