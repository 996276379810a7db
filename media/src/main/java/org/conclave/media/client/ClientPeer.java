package org.conclave.media.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.conclave.media.dtls.DtlsCertificate;
import org.conclave.media.dtls.DtlsFailure;
import org.conclave.media.dtls.DtlsListener;
import org.conclave.media.dtls.DtlsRole;
import org.conclave.media.dtls.DtlsSettings;
import org.conclave.media.dtls.DtlsStack;
import org.conclave.media.dtls.SrtpKeyingMaterial;
import org.conclave.media.rtcp.RtcpCompound;
import org.conclave.media.rtcp.RtcpPacket;
import org.conclave.media.rtp.HeaderExtension;
import org.conclave.media.rtp.RtpFields;
import org.conclave.media.sdp.Sdp;
import org.conclave.media.sdp.SessionDescription;
import org.conclave.media.srtp.SrtpProfile;
import org.conclave.media.srtp.SrtpSession;
import org.conclave.media.transport.IceCredentials;

/**
 * A synthetic WebRTC peer connection that speaks to a media node over real sockets: what a browser
 * does, minus the codecs. The SFU's tests and the load generator publish and subscribe with it.
 *
 * <p><b>Protocol.</b> ICE as the controlling full agent towards the node's ICE-lite agent (RFC 8445
 * §2.5): Binding requests with USERNAME {@code nodeUfrag:ourUfrag}, PRIORITY, ICE-CONTROLLING,
 * USE-CANDIDATE, MESSAGE-INTEGRITY (the node's password) and FINGERPRINT until one is answered,
 * then consent checks (RFC 7675) every {@link ClientOptions#consentInterval} while {@link
 * #setConsentChecks} is on. Then DTLS 1.2 with its own certificate (the node's is checked against
 * the fingerprint in its SDP): as the client, or as the server when the other side's SDP says
 * {@code setup:active} (Janus answers our {@code actpass} publish offer so); and SRTP/SRTCP with
 * the exported keys. Over UDP, or ICE-TCP (RFC 6544 active side, RFC 4571 framing).
 *
 * <p><b>Use.</b> Publishing: {@link #publishOffer} → {@code MediaNode.publish} → {@link
 * #applyAnswer} → {@link #connect} → {@link #awaitConnected} → {@code send...}. Subscribing: {@link
 * #answerSubscribeOffer} → {@code MediaNode.subscribeAnswer} → {@link #connect} (only once the node
 * holds the answer: it checks our DTLS fingerprint against it) → {@link #pollRtp}. Later
 * descriptions from the node (renegotiation, ICE restart) go through the same two methods; {@link
 * #restartIce} gives us new ICE credentials for the next offer or answer.
 *
 * <p><b>Threads.</b> The peer owns one socket and one thread, which reads the socket, sends the
 * checks and calls the listeners; the DTLS handshake borrows a thread from {@link
 * ClientOptions#handshakeExecutor} while it runs. Every public method is thread-safe. Received
 * packets go to the listener (on the peer's thread: return quickly), then to bounded queues.
 */
public final class ClientPeer implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ExecutorService SHARED_HANDSHAKES =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "conclave-client-dtls");
            t.setDaemon(true);
            return t;
          });

  private final ClientOptions options;
  private final DtlsCertificate certificate = DtlsCertificate.generate();
  private final long sessionId = RANDOM.nextLong() >>> 2;
  private final String cname = Long.toUnsignedString(RANDOM.nextLong(), 36);
  private final Selector selector;
  private final ClientPath path;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ClientCounters counters = new ClientCounters();
  private final ClientReceiver receiver;
  private final ClientIce ice;
  private final CompletableFuture<SrtpProfile> connected = new CompletableFuture<>();
  private final CompletableFuture<String> closed = new CompletableFuture<>();
  private final ClientSender sender;
  private final OutgoingStreams streams = new OutgoingStreams();

  private volatile IceCredentials local = IceCredentials.random(); // checks use these
  private volatile IceCredentials offered = local; // our SDP carries these
  private volatile ClientSdp.Remote remote;
  private volatile int remoteGeneration;
  private volatile boolean consentChecks = true;
  private volatile boolean running = true;
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile boolean started;
  private volatile SrtpSession srtp; // for unprotecting, on the peer's thread
  private volatile List<OfferedStream> offeredStreams = List.of();
  private int descriptionVersion; // guarded by this
  private DtlsStack dtls; // peer's thread

  /** A peer with {@link ClientOptions#loopback()} options. */
  public ClientPeer() {
    this(ClientOptions.loopback());
  }

  /**
   * Opens the socket (UDP now; ICE-TCP on {@link #connect}) and starts the peer's thread.
   *
   * @throws UncheckedIOException when the socket cannot be opened
   */
  public ClientPeer(ClientOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.receiver = new ClientReceiver(counters, options.queueCapacity());
    this.ice = new ClientIce(new IceHost(), options, counters);
    try {
      this.selector = Selector.open();
      this.path = new ClientPath(options, selector);
    } catch (IOException e) {
      throw new UncheckedIOException("could not open the client peer's socket", e);
    }
    this.sender = new ClientSender(path, counters);
    thread = new Thread(this::run, "conclave-client-" + options.label());
    thread.setDaemon(true);
    thread.start();
  }

  // ------------------------------------------------------------------ SDP

  /**
   * A publish offer with one sendonly m-line per source (mids "0", "1", ... in this order): Opus
   * 48000/2 (PT 111) with audio-level, transport-wide-cc and mid extensions for audio; VP8/90000
   * (PT 96) with nack, nack pli, ccm fir and transport-cc for video; BUNDLE, rtcp-mux, our ICE
   * credentials, UDP host candidate and fingerprint, {@code setup:actpass}, {@code a=ssrc} lines.
   */
  public synchronized PublishOffer publishOffer(List<Source> sources) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("a publish offer needs at least one source");
    }
    String sdp =
        ClientSdp.publishOffer(
            sessionId, ++descriptionVersion, offered, fingerprint(), cname, sources, candidate());
    PublishOffer offer = PublishOffer.of(sdp, sources);
    streams.setMids(offer.midsBySsrc(sources));
    return offer;
  }

  /**
   * Reads the node's answer to our publish offer: its ICE credentials, DTLS fingerprint and host
   * candidates. Checks go to the new credentials at once (after an ICE restart, too).
   *
   * @throws IllegalArgumentException when the answer is unusable, or its fingerprint is not the one
   *     our DTLS association has checked
   */
  public synchronized void applyAnswer(String answerSdp) {
    setRemote(ClientSdp.remote(parse(answerSdp)));
  }

  /**
   * Answers a subscribe offer from the node: {@code recvonly} for each track it sends, our ICE
   * credentials and fingerprint, {@code setup:active} (passive to an offer that says active); and
   * reads the node's side from it as {@link #applyAnswer} does. Its m-lines become {@link
   * #offeredStreams()}.
   */
  public synchronized String answerSubscribeOffer(String offerSdp) {
    SessionDescription offer = parse(offerSdp);
    ClientSdp.Remote r = ClientSdp.remote(offer);
    String answer =
        ClientSdp.subscribeAnswer(
            offer, sessionId, ++descriptionVersion, offered, fingerprint(), candidate());
    setRemote(r);
    offeredStreams = ClientSdp.offeredStreams(offer);
    return answer;
  }

  /** The m-lines of the latest subscribe offer, in order. */
  public List<OfferedStream> offeredStreams() {
    return offeredStreams;
  }

  /**
   * The latest subscribe offer's m-line with this mid.
   *
   * @throws IllegalArgumentException when there is none
   */
  public OfferedStream offeredStream(String mid) {
    for (OfferedStream s : offeredStreams) {
      if (mid.equals(s.mid())) {
        return s;
      }
    }
    throw new IllegalArgumentException("no m-line " + mid + " in " + offeredStreams);
  }

  /**
   * New ICE credentials of ours (RFC 8445 §9): the next offer or answer carries them, and checks
   * use them from the node's next description on. DTLS and SRTP are kept.
   */
  public synchronized void restartIce() {
    offered = IceCredentials.random();
  }

  /** Our UDP socket's address for the SDP (Janus wants a candidate; our node ignores it). */
  private InetSocketAddress candidate() {
    return options.transport() == ClientOptions.Transport.UDP ? path.localAddress() : null;
  }

  private static SessionDescription parse(String sdp) {
    SessionDescription d = Sdp.parse(sdp);
    if (d == null) {
      throw new IllegalArgumentException("not valid SDP");
    }
    return d;
  }

  private void setRemote(ClientSdp.Remote r) {
    ClientSdp.Remote before = remote;
    if (before != null && !before.sameFingerprint(r)) {
      throw new IllegalArgumentException(
          "the node's DTLS fingerprint changed: that needs a new peer connection");
    }
    boolean udp = options.transport() == ClientOptions.Transport.UDP;
    if (udp ? r.udp() == null : r.tcp() == null) {
      throw new IllegalArgumentException(
          "the node offers no " + options.transport() + " candidate");
    }
    if (before == null || udp) {
      path.setRemote(udp ? r.udp() : r.tcp()); // an open ICE-TCP connection stays where it is
    }
    local = offered;
    remote = r;
    remoteGeneration++;
    selector.wakeup();
  }

  // ------------------------------------------------------------------ connecting

  /**
   * Starts ICE (for ICE-TCP, opens the connection first), then DTLS once a check is answered.
   * Returns at once; {@link #awaitConnected} waits. Idempotent.
   *
   * @throws IllegalStateException before the node's description was applied
   */
  public synchronized void connect() {
    if (remote == null) {
      throw new IllegalStateException("apply the node's answer or offer first");
    }
    if (started) {
      return;
    }
    started = true;
    post(
        () -> {
          try {
            path.open(options, selector);
            ice.begin(System.nanoTime());
          } catch (IOException e) {
            fail("tcp-connect-failed: " + e.getMessage());
          }
        });
  }

  /**
   * Waits until SRTP is ready.
   *
   * @return the SRTP profile the handshake chose
   * @throws IllegalStateException when that does not happen in time, saying how far it got
   */
  public SrtpProfile awaitConnected(Duration timeout) {
    try {
      return connected.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new IllegalStateException(
          options.label() + " did not connect in " + timeout + ": " + this, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Whether SRTP is ready and the association has not ended. */
  public boolean isConnected() {
    return sender.hasKeys();
  }

  /**
   * Waits until the association ends: "dtls-closed" (the node's close_notify), "dtls-failed: ...",
   * "tcp-closed", or "closed" after {@link #close}. Null when it has not ended within the timeout.
   */
  public String awaitClosed(Duration timeout) {
    try {
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Turns consent checks on or off (off: the node should drop us after its consent timeout). */
  public void setConsentChecks(boolean on) {
    consentChecks = on;
  }

  // ------------------------------------------------------------------ sending

  /**
   * Sends one RTP packet, SRTP-protected.
   *
   * @return false when it was not sent (not connected, closed, or the socket refused)
   * @throws IllegalArgumentException when the packet is longer than 65,535 bytes with its tag
   */
  public boolean sendRtp(RtpFields header, byte[] payload) {
    return sender.rtp(header, payload);
  }

  /** As {@link #sendRtp(RtpFields, byte[])}, from the header's parts (no CSRCs). */
  public boolean sendRtp(
      long ssrc,
      int payloadType,
      int sequenceNumber,
      long timestamp,
      boolean marker,
      List<HeaderExtension> extensions,
      byte[] payload) {
    return sendRtp(
        new RtpFields(marker, payloadType, sequenceNumber, timestamp, ssrc, List.of(), extensions),
        payload);
  }

  /**
   * Sends {@code plain} as one RTP packet, SRTP-protected, without looking at it: for tests that
   * play a peer sending malformed RTP inside valid SRTP. False when not sent.
   */
  public boolean sendRtpBytes(byte[] plain) {
    return sender.rtpBytes(plain);
  }

  /** Sends one RTCP compound packet (RFC 3550 §6.1), SRTCP-protected; false when not sent. */
  public boolean sendRtcp(byte[] compound) {
    return sender.rtcp(compound);
  }

  /** Sends these RTCP packets (PLI, NACK, RR, ...) as one compound packet. */
  public boolean sendRtcp(RtcpPacket... packets) {
    return sendRtcp(RtcpCompound.toBytes(List.of(packets)));
  }

  /**
   * Sends {@code bytes} exactly as given on this peer's path (one frame on ICE-TCP), unencrypted:
   * for tests that play a broken or hostile peer from a bound address.
   */
  public boolean sendRaw(byte[] bytes) {
    return sender.raw(bytes, 0, bytes.length);
  }

  /**
   * Sends the next Opus packet of {@code source}: its sequence number and timestamp (20 ms on)
   * continue the source's own, with the audio level, transport-wide sequence number and mid (once
   * {@link #publishOffer} gave it one) elements, and 40-120 random payload bytes.
   *
   * @param level 0 (loudest) to 127 (silence), in -dBov (RFC 6464)
   */
  public SentRtp sendOpus(Source source, int level, boolean voiceActivity) {
    return send(streams.opus(source, level, voiceActivity));
  }

  /**
   * Sends one VP8 frame of {@code source} as one packet with the marker set: the next sequence
   * number, a timestamp 1/30 s on, the next PictureID, transport-wide sequence number and mid.
   *
   * @param length the payload's length, 14 to about 1,200 bytes
   */
  public SentRtp sendVp8(Source source, boolean keyframe, int length) {
    return send(streams.vp8(source, keyframe, length));
  }

  /**
   * As {@link #sendVp8(Source, boolean, int)}; a keyframe carries {@code width} × {@code height} in
   * its frame header (RFC 6386 §9.1), as the node reads it for simulcast layer selection.
   */
  public SentRtp sendVp8(Source source, boolean keyframe, int length, int width, int height) {
    return send(streams.vp8(source, keyframe, length, width, height));
  }

  /** {@link #sendVp8(Source, boolean, int)} with 1,000 bytes for a keyframe, 300 for a delta. */
  public SentRtp sendVp8(Source source, boolean keyframe) {
    return sendVp8(source, keyframe, keyframe ? 1000 : 300);
  }

  /**
   * Makes the next VP8 packet of {@code source}, as {@link #sendVp8(Source, boolean)}, and loses it
   * on the way: nothing is sent (its {@code sent} is false). For tests of loss on a publisher's
   * uplink; {@code sendRtp(lost.header(), lost.payload())} resends it later.
   */
  public SentRtp loseVp8(Source source, boolean keyframe) {
    SentRtp packet = streams.vp8(source, keyframe, keyframe ? 1000 : 300);
    return new SentRtp(packet.header(), packet.payload(), false);
  }

  private SentRtp send(SentRtp packet) {
    boolean sent = sendRtp(packet.header(), packet.payload());
    return new SentRtp(packet.header(), packet.payload(), sent);
  }

  // ------------------------------------------------------------------ receiving

  /** The next received RTP packet, waiting up to {@code timeout}; null when none came. */
  public ReceivedRtp pollRtp(Duration timeout) {
    return receiver.pollRtp(timeout);
  }

  /**
   * The next received RTP packet that matches, waiting up to {@code timeout} in all; packets before
   * it that do not match are taken from the queue and dropped. Null when none matched in time.
   */
  public ReceivedRtp awaitRtp(Predicate<ReceivedRtp> match, Duration timeout) {
    return receiver.awaitRtp(match, timeout);
  }

  /** The next received RTCP compound packet, waiting up to {@code timeout}; null when none came. */
  public ReceivedRtcp pollRtcp(Duration timeout) {
    return receiver.pollRtcp(timeout);
  }

  /**
   * The first RTCP packet of this type in the next compounds received, waiting up to {@code
   * timeout}; compounds without one are taken from the queue and dropped. Null when none came.
   */
  public <T extends RtcpPacket> T awaitRtcp(Class<T> type, Duration timeout) {
    return receiver.awaitRtcp(type, timeout);
  }

  /**
   * The first RTCP packet of this type that matches, in the next compounds received, waiting up to
   * {@code timeout}; compounds without one are taken from the queue and dropped.
   */
  public <T extends RtcpPacket> T awaitRtcp(Class<T> type, Predicate<T> match, Duration timeout) {
    return receiver.awaitRtcp(type, match, timeout);
  }

  /** Empties both receive queues. */
  public void clearReceived() {
    receiver.clear();
  }

  /** Called on the peer's thread for each RTP packet before it is queued; null for none. */
  public void setRtpListener(Consumer<ReceivedRtp> listener) {
    receiver.setRtpListener(listener);
  }

  /** Called on the peer's thread for each RTCP compound before it is queued; null for none. */
  public void setRtcpListener(Consumer<ReceivedRtcp> listener) {
    receiver.setRtcpListener(listener);
  }

  // ------------------------------------------------------------------ state

  public PeerCounters counters() {
    return counters.snapshot();
  }

  /** The ICE ufrag our checks use now. */
  public String localUfrag() {
    return local.ufrag();
  }

  /** The node's ICE ufrag from its latest description, or null. */
  public String remoteUfrag() {
    ClientSdp.Remote r = remote;
    return r == null ? null : r.ufrag();
  }

  /** Our DTLS certificate's fingerprint as in our SDP ({@code sha-256 AB:CD:...}). */
  public String fingerprint() {
    return certificate.sdpFingerprint();
  }

  /** Our socket's local address (the ICE-TCP connection's, once open), or null. */
  public InetSocketAddress localAddress() {
    return path.localAddress();
  }

  /** Ends the association (DTLS close_notify), stops the thread and closes the socket. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    post(
        () -> {
          if (dtls != null) {
            dtls.close(); // close_notify goes out while the socket is still open
          }
          done.complete(null);
        });
    try {
      done.get(thread.isAlive() ? 2000 : 1, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Closing anyway.
    }
    running = false;
    selector.wakeup();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closed.complete("closed");
    sender.stop(true);
    path.close();
    try {
      selector.close();
    } catch (IOException e) {
      // Closing anyway.
    }
  }

  @Override
  public String toString() {
    PeerCounters c = counters.snapshot();
    return "ClientPeer["
        + options.label()
        + ": checks "
        + c.checksSent()
        + " answered "
        + c.checkResponses()
        + ", dtls "
        + (c.dtlsHandshakes() > 0 ? "done" : started ? "not done" : "not started")
        + ", ended "
        + closed.getNow(null)
        + "]";
  }

  // ------------------------------------------------------------------ the peer's thread

  private void post(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  private void fail(String reason) {
    connected.completeExceptionally(new IllegalStateException(reason));
    end(reason);
  }

  /** The association is over (the node closed it, or it failed): nothing more is sent. */
  private void end(String reason) {
    closed.complete(reason);
    sender.stop(false);
  }

  private void run() {
    try {
      while (running) {
        selector.select(ice.onTimer(System.nanoTime()));
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isValid() && key.isReadable()) {
            try {
              path.read(this::onPacket);
            } catch (IOException e) {
              key.cancel();
              fail("tcp-closed");
            }
          }
        }
        selector.selectedKeys().clear();
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
      }
    } catch (IOException | ClosedSelectorException e) {
      fail("socket: " + e.getMessage());
    } catch (RuntimeException e) {
      fail("failed: " + e); // a bug: the peer stops, and says why
    }
  }

  /** One datagram or frame from the node, sorted by its first byte (RFC 7983 §7). */
  private void onPacket(byte[] buf, int off, int len) {
    counters.packetsIn.increment();
    counters.bytesIn.add(len);
    int first = len < 1 ? -1 : buf[off] & 0xFF;
    SrtpSession s = srtp;
    if (first >= 0 && first <= 3) {
      ice.onStun(buf, off, len);
    } else if (first >= 20 && first <= 63 && dtls != null) {
      dtls.receive(buf, off, len);
    } else if (first >= 128 && first <= 191 && s != null) {
      receiver.onSrtp(s, buf, off, len);
    } else {
      counters.dropped.increment();
    }
  }

  private void startDtls() {
    DtlsSettings settings =
        (remote.dtlsRole() == DtlsRole.SERVER
                ? DtlsSettings.server(certificate, remote.fingerprint())
                : DtlsSettings.client(certificate, remote.fingerprint()))
            .withSrtpProfiles(options.srtpProfiles());
    dtls =
        new DtlsStack(
            settings,
            datagram -> sender.raw(datagram, 0, datagram.length),
            options.handshakeExecutor() == null ? SHARED_HANDSHAKES : options.handshakeExecutor(),
            new DtlsListener() {
              @Override
              public void handshakeCompleted(SrtpKeyingMaterial keys) {
                SrtpSession session = new SrtpSession(keys.srtpKeys());
                srtp = session;
                sender.setKeys(session);
                counters.dtlsHandshakes.incrementAndGet();
                connected.complete(keys.profile());
              }

              @Override
              public void handshakeFailed(DtlsFailure failure) {
                fail("dtls-failed: " + failure.reason() + " " + failure.detail());
              }

              @Override
              public void closedByPeer() {
                end("dtls-closed");
              }
            });
    dtls.start();
  }

  /** What the ICE agent sees of this peer. */
  private final class IceHost implements ClientIce.Host {
    @Override
    public ClientSdp.Remote remote() {
      return closed.isDone() ? null : remote;
    }

    @Override
    public int remoteGeneration() {
      return remoteGeneration;
    }

    @Override
    public IceCredentials local() {
      return local;
    }

    @Override
    public boolean consentChecks() {
      return consentChecks;
    }

    @Override
    public boolean send(byte[] buf, int off, int len) {
      return sender.raw(buf, off, len);
    }

    @Override
    public void pathConfirmed() {
      startDtls();
    }
  }
}
