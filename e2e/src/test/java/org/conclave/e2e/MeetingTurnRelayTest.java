package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.conclave.server.media.TurnCredentials;
import org.conclave.server.protocol.ServerMessage.IceServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Media through a real TURN relay (coturn) with credentials minted by the control plane. A guest
 * whose browser may use nothing but the relay (as behind a firewall that lets only the relay
 * through) still sees and is seen; the relay takes fresh credentials and refuses expired ones.
 */
class MeetingTurnRelayTest extends MeetingMediaSteps {

  private static final String SECRET = "e2e-relay-secret-" + "0123456789abcdef0123456789abcdef";
  private static final Duration TTL = Duration.ofMinutes(5);
  private static Coturn coturn;

  @Autowired TurnCredentials turn;

  @DynamicPropertySource
  static void relay(DynamicPropertyRegistry registry) {
    if (coturn == null) {
      coturn = Coturn.start(SECRET);
    }
    registry.add("conclave.turn.urls", () -> "turn:127.0.0.1:" + coturn.port() + "?transport=tcp");
    registry.add("conclave.turn.shared-secret", () -> SECRET);
    registry.add("conclave.turn.credential-ttl", () -> TTL.toString());
  }

  @AfterAll
  static void stopRelay() {
    if (coturn != null) {
      coturn.close();
      coturn = null;
    }
  }

  /** Every connection the page makes may use relay candidates only. */
  private static final String RELAY_ONLY =
      """
      (() => {
        const Native = window.RTCPeerConnection;
        if (!Native) return;
        const relayed = (c) => Object.assign({}, c || {}, { iceTransportPolicy: 'relay' });
        function Relayed(config, ...rest) { return new Native(relayed(config), ...rest); }
        Relayed.prototype = Native.prototype;
        Object.setPrototypeOf(Relayed, Native);
        const setConfiguration = Native.prototype.setConfiguration;
        Native.prototype.setConfiguration = function (c) { return setConfiguration.call(this, relayed(c)); };
        window.RTCPeerConnection = Relayed;
      })();
      """;

  private boolean relayOnlyGuest;

  @Override
  Chrome guestBrowser() {
    Chrome c = super.guestBrowser();
    if (relayOnlyGuest) {
      c.beforeEveryPage(RELAY_ONLY);
    }
    return c;
  }

  @Test
  void aGuestWhoCanUseOnlyTheRelaySeesAndIsSeenThroughIt() {
    relayOnlyGuest = true;
    List<Person> people = inside("Đỗ Quang");
    Person host = people.get(0);
    Person guest = people.get(1);

    awaitRising(host, guest, "camera", "framesDecoded");
    awaitRising(guest, host, "camera", "framesDecoded");
    awaitRising(host, guest, "microphone", "samplesFromPackets");
    assertThat(selectedLocalCandidate(guest, "publishPc")).containsEntry("candidateType", "relay");
    assertThat(selectedLocalCandidate(guest, "subscribePc"))
        .containsEntry("candidateType", "relay");
    // The relay let the guest in with the credentials from its welcome, named for the visit.
    assertThat(coturn.log())
        .anyMatch(
            l -> l.contains(":" + guest.id() + ">") && l.contains("ALLOCATE processed, success"));
  }

  @Test
  void theWelcomeCarriesRelayCredentialsThatExpireAsConfigured() {
    List<Person> people = inside();
    Person host = people.get(0);
    Map<String, Object> welcome =
        frames(host.chrome()).stream()
            .filter(f -> "welcome".equals(f.get("type")))
            .findFirst()
            .orElseThrow();
    long expiresAt =
        ((Number)
                host.chrome()
                    .script(
                        "return JSON.parse(arguments[0]).iceServersExpireAt", welcome.get("json")))
            .longValue();
    long expected = Instant.now().plus(TTL).toEpochMilli();
    assertThat(expiresAt).isBetween(expected - 120_000, expected + 1_000);
    assertThat(
            (String)
                host.chrome()
                    .script(
                        "return JSON.parse(arguments[0]).iceServers[0].username",
                        welcome.get("json")))
        .isEqualTo(expiresAt / 1000 + ":" + host.id());
  }

  @Test
  void freshCredentialsGetARelayAllocation() {
    Chrome c = chrome("en-US");
    open(c, "/");
    Map<String, Object> result = gather(c, turn.mint("p-fresh").orElseThrow());
    assertThat(((Number) result.get("relay")).intValue()).isPositive();
  }

  @Test
  @SuppressWarnings("unchecked")
  void expiredCredentialsAreRefusedByTheRelay() {
    Chrome c = chrome("en-US");
    open(c, "/");
    IceServers expired = turn.mint("p-expired", Instant.now().minusSeconds(5)).orElseThrow();
    Map<String, Object> result = gather(c, expired);
    assertThat(((Number) result.get("relay")).intValue()).isZero();
    assertThat((List<Object>) result.get("errors")).contains((Object) 401L);
    assertThat(coturn.log()).anyMatch(l -> l.contains(":p-expired>") && l.contains("401"));
  }

  /** What a relay-only gathering with these servers produced: relay candidates and error codes. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> gather(Chrome c, IceServers servers) {
    List<Map<String, Object>> list =
        servers.iceServers().stream()
            .map(
                s ->
                    Map.<String, Object>of(
                        "urls", s.urls(), "username", s.username(), "credential", s.credential()))
            .toList();
    return (Map<String, Object>)
        c.async(
            """
            const servers = arguments[0];
            const done = arguments[arguments.length - 1];
            const pc = new RTCPeerConnection({ iceServers: servers, iceTransportPolicy: 'relay' });
            const out = { relay: 0, errors: [] };
            pc.onicecandidateerror = (e) => out.errors.push(e.errorCode);
            pc.onicecandidate = (e) => {
              if (e.candidate && e.candidate.type === 'relay') out.relay++;
              if (!e.candidate) { pc.close(); done(out); }
            };
            pc.createDataChannel('probe');
            pc.createOffer().then((o) => pc.setLocalDescription(o));
            """,
            list);
  }
}
