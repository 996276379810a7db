package org.conclave.media.client;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.conclave.media.dtls.DtlsSettings;
import org.conclave.media.srtp.SrtpProfile;

/**
 * How a {@link ClientPeer} connects. Checked when built: a bad value throws {@link
 * IllegalArgumentException} saying what is wrong.
 *
 * @param transport UDP, or ICE-TCP (RFC 6544, active side, RFC 4571 framing)
 * @param bindAddress the local address of the peer's socket (loopback in tests)
 * @param checkInterval how often an unanswered connectivity check is repeated until the node
 *     answers (RFC 8445 §14.2 paces checks at 50 ms)
 * @param consentInterval how often consent is refreshed once connected (RFC 7675 §5.1: about every
 *     5 s); a test of consent expiry turns the checks off with {@link ClientPeer#setConsentChecks}
 * @param srtpProfiles the SRTP profiles offered in the DTLS handshake, most preferred first
 * @param queueCapacity how many received RTP packets, and separately RTCP compounds, wait for
 *     {@code poll}; later ones are counted and dropped (0 keeps none: listeners and counters only,
 *     as a load generator wants)
 * @param handshakeExecutor where the blocking DTLS handshake borrows a thread; null for a shared
 *     pool of daemon threads
 * @param label names the peer's thread and appears in messages
 */
public record ClientOptions(
    Transport transport,
    InetAddress bindAddress,
    Duration checkInterval,
    Duration consentInterval,
    List<SrtpProfile> srtpProfiles,
    int queueCapacity,
    Executor handshakeExecutor,
    String label) {

  /** How the peer reaches the node's media port. */
  public enum Transport {
    UDP,
    TCP
  }

  public ClientOptions {
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(bindAddress, "bindAddress");
    Objects.requireNonNull(label, "label");
    if (checkInterval.isNegative() || checkInterval.isZero()) {
      throw new IllegalArgumentException("checkInterval must be positive: " + checkInterval);
    }
    if (consentInterval.isNegative() || consentInterval.isZero()) {
      throw new IllegalArgumentException("consentInterval must be positive: " + consentInterval);
    }
    srtpProfiles = List.copyOf(srtpProfiles);
    if (srtpProfiles.isEmpty()) {
      throw new IllegalArgumentException("at least one SRTP profile is needed");
    }
    if (queueCapacity < 0) {
      throw new IllegalArgumentException("queueCapacity must be 0 or more: " + queueCapacity);
    }
  }

  /** UDP on loopback, checks every 50 ms, consent every 5 s, GCM then AES-CM, 10,000 queued. */
  public static ClientOptions loopback() {
    return new ClientOptions(
        Transport.UDP,
        InetAddress.getLoopbackAddress(),
        Duration.ofMillis(50),
        Duration.ofSeconds(5),
        DtlsSettings.DEFAULT_SRTP_PROFILES,
        10_000,
        null,
        "client");
  }

  public ClientOptions withTransport(Transport t) {
    return new ClientOptions(
        t,
        bindAddress,
        checkInterval,
        consentInterval,
        srtpProfiles,
        queueCapacity,
        handshakeExecutor,
        label);
  }

  public ClientOptions withConsentInterval(Duration interval) {
    return new ClientOptions(
        transport,
        bindAddress,
        checkInterval,
        interval,
        srtpProfiles,
        queueCapacity,
        handshakeExecutor,
        label);
  }

  public ClientOptions withSrtpProfiles(List<SrtpProfile> profiles) {
    return new ClientOptions(
        transport,
        bindAddress,
        checkInterval,
        consentInterval,
        profiles,
        queueCapacity,
        handshakeExecutor,
        label);
  }

  public ClientOptions withQueueCapacity(int capacity) {
    return new ClientOptions(
        transport,
        bindAddress,
        checkInterval,
        consentInterval,
        srtpProfiles,
        capacity,
        handshakeExecutor,
        label);
  }

  public ClientOptions withHandshakeExecutor(Executor executor) {
    return new ClientOptions(
        transport,
        bindAddress,
        checkInterval,
        consentInterval,
        srtpProfiles,
        queueCapacity,
        executor,
        label);
  }

  public ClientOptions withLabel(String name) {
    return new ClientOptions(
        transport,
        bindAddress,
        checkInterval,
        consentInterval,
        srtpProfiles,
        queueCapacity,
        handshakeExecutor,
        name);
  }

  /**
   * Binds the socket to {@code address} instead: e.g. 127.0.0.2 towards Janus, which sends only out
   * of its candidate's interface and so reaches only addresses on that interface.
   */
  public ClientOptions withBindAddress(InetAddress address) {
    return new ClientOptions(
        transport,
        address,
        checkInterval,
        consentInterval,
        srtpProfiles,
        queueCapacity,
        handshakeExecutor,
        label);
  }
}
