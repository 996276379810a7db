package org.conclave.media.transport;

import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.conclave.media.DropReason;
import org.conclave.media.Drops;
import org.conclave.media.dtls.DtlsCertificate;
import org.conclave.media.dtls.DtlsFailure;
import org.conclave.media.dtls.DtlsListener;
import org.conclave.media.dtls.DtlsSettings;
import org.conclave.media.dtls.DtlsStack;
import org.conclave.media.dtls.SrtpKeyingMaterial;
import org.conclave.media.rtcp.Rtcp;
import org.conclave.media.sdp.WebRtcSdp;
import org.conclave.media.srtp.SrtpFailure;
import org.conclave.media.srtp.SrtpSession;

/**
 * One peer connection's transport on the server side: ICE-lite (we answer the browser's checks and
 * take the pair it nominates), then DTLS 1.2 as the server, then SRTP with the keys the handshake
 * exported. ICE → DTLS → SRTP, nothing else; what the packets mean is the {@link Handler}'s.
 *
 * <p>All methods run on the {@link TransportLoop}'s thread except where said. The DTLS handshake
 * runs on a borrowed executor thread and comes back to the loop with its result.
 *
 * <p>Consent freshness (RFC 7675): the browser checks consent every few seconds with a STUN Binding
 * request; a transport with no valid check for the configured timeout is closed with reason {@code
 * "consent-expired"}. ICE restart ({@link #restartIce}) gives new local credentials and keeps DTLS
 * and SRTP, as RFC 8445 §2.4 allows.
 */
public final class PeerTransport {

  /** What the transport tells its owner, on the loop's thread. */
  public interface Handler {
    /** DTLS finished and SRTP is ready: media may flow both ways. */
    void onConnected(PeerTransport transport);

    /** One decrypted RTP packet; the buffer is reused after the call. */
    void onRtp(PeerTransport transport, byte[] buf, int off, int len);

    /** One decrypted RTCP compound packet; the buffer is reused after the call. */
    void onRtcp(PeerTransport transport, byte[] buf, int off, int len);

    /** The transport is gone (consent expired, DTLS failed or closed by the peer, or closed). */
    void onClosed(PeerTransport transport, String reason);
  }

  private enum State {
    WAITING_FOR_ICE,
    HANDSHAKING,
    CONNECTED,
    CLOSED
  }

  private final TransportLoop loop;
  private final IceLite ice;
  private final Drops drops;
  private final Handler handler;
  private final DtlsCertificate certificate;
  private final Executor handshakeExecutor;
  private DtlsStack dtls;
  private WebRtcSdp.Fingerprint remoteFingerprint;
  private final String label;
  private IceCredentials credentials;
  private String remoteUfrag;
  private final List<Object> paths = new ArrayList<>(2);
  private Object selectedPath;
  private long lastConsentNanos;
  private State state = State.WAITING_FOR_ICE;
  private SrtpSession srtp;

  // Loop-thread counters; read through the loop (stats).
  private long packetsIn;
  private long bytesIn;
  private long packetsOut;
  private long bytesOut;
  private long stunChecks;
  private long handshakeRetries;
  private long firstHandshakeNanos;

  /**
   * Makes a transport and registers its ICE username with the demultiplexer. Loop thread. The
   * browser's side (its ufrag and DTLS fingerprint) comes with {@link #setRemote}, from its offer
   * or answer; checks that arrive before are answered, but DTLS waits for the fingerprint.
   *
   * @param label what logs and stats call it (e.g. "room/peer/publish")
   * @param certificate our DTLS certificate (its fingerprint is in our SDP)
   * @param handshakeExecutor where the blocking DTLS handshake borrows a thread
   */
  public PeerTransport(
      TransportLoop loop,
      IceLite ice,
      Drops drops,
      String label,
      DtlsCertificate certificate,
      Executor handshakeExecutor,
      Handler handler) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.ice = Objects.requireNonNull(ice, "ice");
    this.drops = Objects.requireNonNull(drops, "drops");
    this.label = Objects.requireNonNull(label, "label");
    this.certificate = Objects.requireNonNull(certificate, "certificate");
    this.handshakeExecutor = Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.credentials = ice.register(this);
    this.lastConsentNanos = loop.nanoTime();
  }

  /**
   * The browser's ICE ufrag and DTLS fingerprint, from its SDP. The fingerprint is fixed for the
   * transport's life: a different one means a new browser connection, which needs a new transport.
   *
   * @throws IllegalArgumentException when the fingerprint differs from the one already set, or is
   *     not one DTLS accepts (the message says why)
   */
  public void setRemote(String remoteUfrag, WebRtcSdp.Fingerprint fingerprint) {
    Objects.requireNonNull(remoteUfrag, "remoteUfrag");
    Objects.requireNonNull(fingerprint, "fingerprint");
    if (remoteFingerprint != null) {
      if (!remoteFingerprint.hashFunction().equalsIgnoreCase(fingerprint.hashFunction())
          || !MessageDigest.isEqual(remoteFingerprint.value(), fingerprint.value())) {
        throw new IllegalArgumentException(
            "the DTLS fingerprint changed: a new peer connection needs a new transport");
      }
      this.remoteUfrag = remoteUfrag;
      return;
    }
    this.remoteFingerprint = fingerprint;
    try {
      this.dtls = newDtls();
    } catch (IllegalArgumentException e) {
      this.remoteFingerprint = null; // not one DTLS accepts: the transport stays as it was
      throw e;
    }
    this.remoteUfrag = remoteUfrag;
    if (selectedPath != null && state == State.WAITING_FOR_ICE) {
      state = State.HANDSHAKING;
      firstHandshakeNanos = loop.nanoTime();
      dtls.start();
    }
  }

  /**
   * A DTLS server stack for the remote fingerprint. Its callbacks come back to the loop and are
   * ignored once this stack is no longer the transport's (it was replaced after a timeout).
   */
  private DtlsStack newDtls() {
    DtlsSettings settings =
        DtlsSettings.server(certificate, remoteFingerprint)
            .withHandshakeTimeout(loop.settings().dtlsHandshakeTimeout());
    DtlsStack[] self = new DtlsStack[1];
    self[0] =
        new DtlsStack(
            settings,
            datagram -> {
              // On the loop's thread (close, retransmissions) at once: close() sends close_notify
              // this way while the path is still ours. From the handshake thread, through the loop.
              if (loop.inLoop()) {
                sendRaw(datagram, 0, datagram.length);
              } else {
                loop.execute(() -> sendRaw(datagram, 0, datagram.length));
              }
            },
            handshakeExecutor,
            new DtlsListener() {
              @Override
              public void handshakeCompleted(SrtpKeyingMaterial keys) {
                loop.execute(
                    () -> {
                      if (dtls == self[0]) {
                        connected(keys);
                      }
                    });
              }

              @Override
              public void handshakeFailed(DtlsFailure failure) {
                loop.execute(() -> attemptFailed(self[0], failure));
              }

              @Override
              public void closedByPeer() {
                loop.execute(
                    () -> {
                      if (dtls == self[0]) {
                        close("dtls-closed");
                      }
                    });
              }
            });
    return self[0];
  }

  /**
   * A handshake attempt ended without keys. When it only timed out and the peer is still proving
   * consent with ICE checks, the peer is alive but slow: a busy client may see our check answers,
   * or send its ClientHello, seconds after its first check reached us, and its DTLS retransmits for
   * longer than our attempt waits. Closing here would unregister the ICE username, so every later
   * check of that peer would be dropped as an unknown username and it could never connect; instead
   * a fresh server stack listens for the peer's next flight. That goes on for at most the consent
   * timeout from the first attempt, so a peer that checks but never shakes hands cannot hold a
   * handshake thread for ever. Any other failure closes the transport.
   */
  private void attemptFailed(DtlsStack stack, DtlsFailure failure) {
    if (stack != dtls || state != State.HANDSHAKING) {
      return;
    }
    long now = loop.nanoTime();
    long consent = loop.settings().consentTimeout().toNanos();
    if (failure.reason() == DtlsFailure.Reason.TIMEOUT
        && now - lastConsentNanos < consent
        && now - firstHandshakeNanos < consent) {
      handshakeRetries++;
      stack.close();
      dtls = newDtls();
      dtls.start();
      return;
    }
    close("dtls-failed: " + failure.reason() + " " + failure.detail());
  }

  /**
   * DTLS handshake attempts that timed out while the peer still checked, and were started again.
   */
  public long handshakeRetries() {
    return handshakeRetries;
  }

  /** Whether this transport's browser side has this fingerprint. */
  public boolean hasRemoteFingerprint(WebRtcSdp.Fingerprint fingerprint) {
    return remoteFingerprint != null
        && fingerprint != null
        && remoteFingerprint.hashFunction().equalsIgnoreCase(fingerprint.hashFunction())
        && MessageDigest.isEqual(remoteFingerprint.value(), fingerprint.value());
  }

  public String label() {
    return label;
  }

  /** Our ICE ufrag and password, for the SDP. */
  public IceCredentials credentials() {
    return credentials;
  }

  /** The browser's current ICE ufrag, or null while an ICE restart waits for its answer. */
  public String remoteUfrag() {
    return remoteUfrag;
  }

  public long packetsIn() {
    return packetsIn;
  }

  public long bytesIn() {
    return bytesIn;
  }

  public long packetsOut() {
    return packetsOut;
  }

  public long bytesOut() {
    return bytesOut;
  }

  public boolean isConnected() {
    return state == State.CONNECTED;
  }

  public boolean isClosed() {
    return state == State.CLOSED;
  }

  /** Where media goes now: the nominated (or latest checked) path, or null before ICE. */
  public Object selectedPath() {
    return selectedPath;
  }

  public SrtpSession srtp() {
    return srtp;
  }

  /**
   * ICE restart: new local credentials (the old ones stop working), the browser's new ufrag (null
   * when it comes later with its answer). DTLS and SRTP stay; paths stay until consent on them
   * lapses or new checks select another.
   */
  public IceCredentials restartIce(String newRemoteUfrag) {
    this.remoteUfrag = newRemoteUfrag;
    this.credentials = ice.reregister(this, credentials);
    return credentials;
  }

  /** A Binding request with valid integrity arrived on {@code path}. Called by {@link IceLite}. */
  void onValidCheck(Object path, boolean nominate) {
    if (state == State.CLOSED) {
      return;
    }
    stunChecks++;
    lastConsentNanos = loop.nanoTime();
    if (!paths.contains(path)) {
      paths.add(path);
      if (path instanceof TcpConnection tcp) {
        tcp.markBound();
      }
    }
    if (selectedPath == null || nominate) {
      selectedPath = path;
    }
    if (state == State.WAITING_FOR_ICE && dtls != null) {
      state = State.HANDSHAKING;
      firstHandshakeNanos = loop.nanoTime();
      dtls.start();
    }
  }

  /** A path of ours closed (ICE-TCP connection gone). */
  void onPathClosed(Object path) {
    paths.remove(path);
    if (selectedPath == path) {
      selectedPath = paths.isEmpty() ? null : paths.get(paths.size() - 1);
    }
  }

  List<Object> paths() {
    return paths;
  }

  /** A DTLS record from one of our paths. */
  void onDtls(byte[] buf, int off, int len) {
    packetsIn++;
    bytesIn += len;
    if (state == State.CLOSED || dtls == null) {
      drops.count(DropReason.DTLS_REFUSED);
      return;
    }
    DtlsStack.Counters before = dtls.counters();
    dtls.receive(buf, off, len);
    DtlsStack.Counters after = dtls.counters();
    // Refused by the stack, or taken after the handshake without effect (forged, replayed).
    if (after.dropped() != before.dropped()
        || after.ignoredAfterHandshake() != before.ignoredAfterHandshake()) {
      drops.count(DropReason.DTLS_REFUSED);
    }
  }

  /** An SRTP or SRTCP packet from one of our paths (RFC 7983 first byte 128-191). */
  void onSrtp(byte[] buf, int off, int len) {
    packetsIn++;
    bytesIn += len;
    if (state != State.CONNECTED) {
      drops.count(DropReason.SRTP_BEFORE_KEYS);
      return;
    }
    if (len >= 8 && isRtcp(buf, off)) {
      int n = srtp.unprotectRtcp(buf, off, len);
      if (SrtpFailure.isFailure(n)) {
        drops.count(DropReason.SRTP_REFUSED);
        return;
      }
      handler.onRtcp(this, buf, off, n);
    } else {
      int n = srtp.unprotectRtp(buf, off, len);
      if (SrtpFailure.isFailure(n)) {
        drops.count(DropReason.SRTP_REFUSED);
        return;
      }
      handler.onRtp(this, buf, off, n);
    }
  }

  /** RFC 5761 §4: with rtcp-mux, RTCP packet types 192-223 sit where RTP has M and PT. */
  private static boolean isRtcp(byte[] buf, int off) {
    int pt = buf[off + 1] & 0xFF;
    return pt >= 192 && pt <= 223 && Rtcp.looksLikeRtcp(buf, off, 8);
  }

  /**
   * Encrypts the RTP packet in place and sends it on the selected path. The buffer needs {@link
   * org.conclave.media.srtp.SrtpProfile#rtpOverhead()} spare bytes after the packet. Returns false
   * when nothing was sent (not connected, no path, protect failed).
   */
  public boolean sendRtp(byte[] buf, int off, int len) {
    if (state != State.CONNECTED || selectedPath == null) {
      return false;
    }
    int n = srtp.protectRtp(buf, off, len);
    if (SrtpFailure.isFailure(n)) {
      return false;
    }
    sendRaw(buf, off, n);
    return true;
  }

  /** As {@link #sendRtp} for an RTCP compound packet (needs the SRTCP overhead spare). */
  public boolean sendRtcp(byte[] buf, int off, int len) {
    if (state != State.CONNECTED || selectedPath == null) {
      return false;
    }
    int n = srtp.protectRtcp(buf, off, len);
    if (SrtpFailure.isFailure(n)) {
      return false;
    }
    sendRaw(buf, off, n);
    return true;
  }

  private void sendRaw(byte[] buf, int off, int len) {
    if (state == State.CLOSED || selectedPath == null) {
      return;
    }
    packetsOut++;
    bytesOut += len;
    loop.send(selectedPath, buf, off, len);
  }

  /** Sends a STUN answer on the path the request came from. */
  void sendStun(Object path, byte[] buf, int off, int len) {
    loop.send(path, buf, off, len);
  }

  /** Closes the transport when consent has lapsed. Called by the node's timer. */
  public void checkConsent(long nowNanos) {
    if (state == State.CLOSED) {
      return;
    }
    long timeout = loop.settings().consentTimeout().toNanos();
    if (nowNanos - lastConsentNanos > timeout) {
      close("consent-expired", false);
    }
  }

  /** Nanoseconds since the last valid ICE check (or since the transport was made). */
  public long sinceLastCheckNanos(long nowNanos) {
    return nowNanos - lastConsentNanos;
  }

  private void connected(SrtpKeyingMaterial keys) {
    if (state == State.CLOSED) {
      return;
    }
    srtp = new SrtpSession(keys.srtpKeys());
    state = State.CONNECTED;
    handler.onConnected(this);
  }

  /**
   * Tears the transport down: DTLS close_notify to the peer (so a browser knows at once, rather
   * than when its consent checks fail), SRTP keys dropped, ICE username forgotten.
   */
  public void close(String reason) {
    close(reason, true);
  }

  private void close(String reason, boolean notifyPeer) {
    if (state == State.CLOSED) {
      return;
    }
    if (!notifyPeer) {
      // RFC 7675 §5.1: once consent has expired nothing more is sent, not even close_notify.
      state = State.CLOSED;
    }
    if (dtls != null) {
      try {
        dtls.close(); // close_notify goes out now, through the sink, on the still-selected path
      } catch (RuntimeException e) {
        // Closing anyway.
      }
    }
    state = State.CLOSED;
    ice.unregister(this, credentials);
    if (srtp != null) {
      srtp.close();
    }
    for (Object path : List.copyOf(paths)) {
      if (path instanceof TcpConnection) {
        loop.closePath(path);
      }
    }
    paths.clear();
    selectedPath = null;
    handler.onClosed(this, reason);
  }

  /** The address the browser's checks came from on the selected path (for stats and logs). */
  public InetSocketAddress remoteAddress() {
    Object p = selectedPath;
    if (p instanceof InetSocketAddress a) {
      return a;
    }
    if (p instanceof TcpConnection c && c.remoteAddress() instanceof InetSocketAddress a) {
      return a;
    }
    return null;
  }

  public String transportProtocol() {
    return selectedPath instanceof TcpConnection ? "tcp" : selectedPath == null ? "none" : "udp";
  }

  @Override
  public String toString() {
    return "PeerTransport[" + label + ", " + state + "]";
  }
}
