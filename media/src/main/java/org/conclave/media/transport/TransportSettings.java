package org.conclave.media.transport;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.conclave.media.dtls.DtlsSettings;

/**
 * How the media node's one transport loop listens and what it announces.
 *
 * @param bindAddress the local address of the UDP and TCP sockets (a wildcard address listens on
 *     every interface)
 * @param port the one port number for UDP and ICE-TCP (0 picks a free one, for tests)
 * @param announcedAddresses the addresses put in ICE candidates, in order; only these, never
 *     discovered ones (a public address for a server behind NAT goes here)
 * @param tcp whether ICE-TCP (RFC 6544, passive candidates) listens on the same port number
 * @param consentTimeout how long a peer may go without a valid STUN check before its transport is
 *     torn down (RFC 7675 §5.1 uses 30 s)
 * @param maxTcpConnections cap on open ICE-TCP connections, bound or not
 * @param maxPeers cap on peer transports (two per participant: publish and subscribe)
 * @param dtlsHandshakeTimeout how long one DTLS handshake attempt of ours waits for the peer; a
 *     transport whose peer still checks consent listens again after it, rather than closing (see
 *     {@link PeerTransport})
 */
public record TransportSettings(
    InetAddress bindAddress,
    int port,
    List<InetAddress> announcedAddresses,
    boolean tcp,
    Duration consentTimeout,
    int maxTcpConnections,
    int maxPeers,
    Duration dtlsHandshakeTimeout) {

  /** The port the media node listens on unless configured. */
  public static final int DEFAULT_PORT = 10000;

  /** RFC 7675 §5.1: consent expires 30 seconds after the last successful check. */
  public static final Duration DEFAULT_CONSENT_TIMEOUT = Duration.ofSeconds(30);

  public TransportSettings {
    Objects.requireNonNull(bindAddress, "bindAddress");
    announcedAddresses = List.copyOf(announcedAddresses);
    if (announcedAddresses.isEmpty()) {
      throw new IllegalArgumentException(
          "at least one announced address is needed: set the address browsers reach the media"
              + " port on");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535");
    }
    Objects.requireNonNull(consentTimeout, "consentTimeout");
    if (consentTimeout.compareTo(Duration.ofSeconds(2)) < 0) {
      throw new IllegalArgumentException("the consent timeout must be at least 2 seconds");
    }
    if (maxTcpConnections < 0 || maxPeers < 1) {
      throw new IllegalArgumentException("connection and peer limits must be positive");
    }
    Objects.requireNonNull(dtlsHandshakeTimeout, "dtlsHandshakeTimeout");
    if (dtlsHandshakeTimeout.isNegative() || dtlsHandshakeTimeout.isZero()) {
      throw new IllegalArgumentException("the DTLS handshake timeout must be positive");
    }
  }

  /** As the canonical constructor, with the default DTLS handshake timeout. */
  public TransportSettings(
      InetAddress bindAddress,
      int port,
      List<InetAddress> announcedAddresses,
      boolean tcp,
      Duration consentTimeout,
      int maxTcpConnections,
      int maxPeers) {
    this(
        bindAddress,
        port,
        announcedAddresses,
        tcp,
        consentTimeout,
        maxTcpConnections,
        maxPeers,
        DtlsSettings.DEFAULT_HANDSHAKE_TIMEOUT);
  }

  /** Loopback on the given port with defaults otherwise: for tests and the embedded default. */
  public static TransportSettings loopback(int port) {
    InetAddress lo = InetAddress.getLoopbackAddress();
    return new TransportSettings(lo, port, List.of(lo), true, DEFAULT_CONSENT_TIMEOUT, 256, 2000);
  }

  public TransportSettings withConsentTimeout(Duration timeout) {
    return new TransportSettings(
        bindAddress,
        port,
        announcedAddresses,
        tcp,
        timeout,
        maxTcpConnections,
        maxPeers,
        dtlsHandshakeTimeout);
  }

  public TransportSettings withDtlsHandshakeTimeout(Duration timeout) {
    return new TransportSettings(
        bindAddress,
        port,
        announcedAddresses,
        tcp,
        consentTimeout,
        maxTcpConnections,
        maxPeers,
        timeout);
  }

  public TransportSettings withTcp(boolean enabled) {
    return new TransportSettings(
        bindAddress,
        port,
        announcedAddresses,
        enabled,
        consentTimeout,
        maxTcpConnections,
        maxPeers,
        dtlsHandshakeTimeout);
  }
}
