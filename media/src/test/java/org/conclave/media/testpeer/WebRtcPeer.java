package org.conclave.media.testpeer;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCBundlePolicy;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtcpMuxPolicy;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * A real WebRTC peer (libwebrtc through webrtc-java) around one {@code RTCPeerConnection}, for
 * tests and the load generator: a <b>publisher</b> sends synthetic audio and video and makes the
 * offer; a <b>subscriber</b> answers an offer and receives. This is the shape of Conclave's
 * signaling (a publish and a subscribe connection per participant, MEDIA-PROTOCOL), and it is also
 * what libwebrtc here needs: see {@link NativeWebRtc} for why each direction has its own factory.
 *
 * <p><b>No trickle ICE.</b> {@link #createOffer()} and {@link #answer(String)} wait until ICE
 * gathering completes, so the SDP they return carries the candidates ({@link #localCandidates()}
 * lists them too). Candidates are host candidates on {@code ::1}: peers run only inside a
 * loopback-only network namespace ({@link LoopbackNamespace}), with adapter enumeration off, UDP
 * only, BUNDLE and rtcp-mux required.
 *
 * <p><b>Threads.</b> Call it from any thread, one call at a time. libwebrtc's callbacks run on its
 * signaling thread and only complete futures and record state; every method that waits does so for
 * at most the peer's timeout and then throws {@link IllegalStateException} saying what did not
 * happen.
 *
 * <p>Close it, or let {@link #shutdown()} close what is left at the end of the JVM's tests.
 */
public final class WebRtcPeer implements AutoCloseable {

  /** Which way media flows, which decides the factory the connection is made with. */
  public enum Role {
    PUBLISHER,
    SUBSCRIBER
  }

  /** A track that arrived on a subscriber. */
  public record ReceivedTrack(String kind, String trackId, String mid) {}

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final long RECHECK_MILLIS = 50;

  private final String name;
  private final Role role;
  private final Duration timeout;
  private final RTCPeerConnection connection;
  private final Object changes = new Object();
  private final List<String> localCandidates = new CopyOnWriteArrayList<>();
  private final List<ReceivedTrack> receivedTracks = new CopyOnWriteArrayList<>();
  private final List<RTCIceCandidate> pendingRemoteCandidates = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile RTCIceConnectionState iceState = RTCIceConnectionState.NEW;
  private volatile RTCIceGatheringState gatheringState = RTCIceGatheringState.NEW;
  private boolean hasRemoteDescription; // guarded by pendingRemoteCandidates
  private SyntheticMedia ownMedia;

  private WebRtcPeer(String name, Role role, Duration timeout) {
    this.name = name;
    this.role = role;
    this.timeout = timeout;
    NativeWebRtc webRtc = NativeWebRtc.get();
    RTCConfiguration config = new RTCConfiguration();
    config.bundlePolicy = RTCBundlePolicy.MAX_BUNDLE;
    config.rtcpMuxPolicy = RTCRtcpMuxPolicy.REQUIRE;
    config.portAllocatorConfig = new PortAllocatorConfig();
    // libwebrtc skips loopback adapters when it enumerates them; without enumeration it binds the
    // "any" address and announces the default local address, which is ::1 in our namespace.
    config.portAllocatorConfig.setDisableAdapterEnumeration(true);
    config.portAllocatorConfig.setDisableTcp(true);
    connection =
        (role == Role.PUBLISHER ? webRtc.publishing() : webRtc.subscribing())
            .createPeerConnection(config, new Observer());
    if (connection == null) {
      throw new IllegalStateException(name + ": libwebrtc made no peer connection");
    }
    NativeWebRtc.opened(this);
  }

  /**
   * A peer that will publish: {@link #publish()}, {@link #createOffer()}, {@link
   * #setRemoteAnswer(String)}.
   *
   * @param name names its tracks and appears in every error message
   * @throws IllegalStateException outside a loopback-only network namespace
   */
  public static WebRtcPeer publisher(String name) {
    return new WebRtcPeer(name, Role.PUBLISHER, DEFAULT_TIMEOUT);
  }

  /** A peer that will subscribe: {@link #answer(String)}. */
  public static WebRtcPeer subscriber(String name) {
    return new WebRtcPeer(name, Role.SUBSCRIBER, DEFAULT_TIMEOUT);
  }

  /** A peer of either role whose waits last at most {@code timeout}. */
  public static WebRtcPeer create(String name, Role role, Duration timeout) {
    return new WebRtcPeer(name, role, timeout);
  }

  public String name() {
    return name;
  }

  public Role role() {
    return role;
  }

  // ---- publishing ------------------------------------------------------------------------------

  /**
   * Starts this peer's own {@link SyntheticMedia} (tracks {@code name-audio}, {@code name-video})
   * and adds both tracks as sendonly transceivers. The media is closed with the peer.
   */
  public void publish() {
    requireRole(Role.PUBLISHER, "publish");
    if (ownMedia != null) {
      throw new IllegalStateException(name + " publishes its own media already");
    }
    ownMedia = SyntheticMedia.start(name);
    publish(ownMedia);
  }

  /**
   * Adds {@code media}'s audio and video tracks as sendonly transceivers, audio first. The media
   * may be shared with other publishers; its owner closes it after them.
   */
  public void publish(SyntheticMedia media) {
    requireRole(Role.PUBLISHER, "publish");
    for (MediaStreamTrack track : List.of(media.audioTrack(), media.videoTrack())) {
      RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
      init.direction = RTCRtpTransceiverDirection.SEND_ONLY;
      init.streamIds = List.of(name);
      connection.addTransceiver(track, init);
    }
  }

  /**
   * Makes an offer for the transceivers added so far, sets it as the local description and waits
   * until ICE gathering completes.
   *
   * @return the offer SDP, with this peer's candidates in it
   */
  public String createOffer() {
    requireRole(Role.PUBLISHER, "createOffer");
    CompletableFuture<RTCSessionDescription> offer = new CompletableFuture<>();
    connection.createOffer(new RTCOfferOptions(), created(offer));
    setLocal(await(offer, "create an offer"));
    return localSdpWithCandidates();
  }

  /** Applies the answer to this peer's offer. */
  public void setRemoteAnswer(String sdp) {
    requireRole(Role.PUBLISHER, "setRemoteAnswer");
    setRemote(new RTCSessionDescription(RTCSdpType.ANSWER, sdp));
  }

  // ---- subscribing -----------------------------------------------------------------------------

  /**
   * Applies {@code remoteOfferSdp}, answers it and waits until ICE gathering completes. Every
   * m-line is answered recvonly (this peer has no tracks of its own); an offer for m-lines that are
   * already negotiated is a renegotiation and works the same way. Received tracks show in {@link
   * #receivedTracks()}.
   *
   * @return the answer SDP, with this peer's candidates in it
   */
  public String answer(String remoteOfferSdp) {
    requireRole(Role.SUBSCRIBER, "answer");
    setRemote(new RTCSessionDescription(RTCSdpType.OFFER, remoteOfferSdp));
    CompletableFuture<RTCSessionDescription> answer = new CompletableFuture<>();
    connection.createAnswer(new RTCAnswerOptions(), created(answer));
    setLocal(await(answer, "create an answer"));
    return localSdpWithCandidates();
  }

  // ---- ICE -------------------------------------------------------------------------------------

  /** The {@code candidate:...} lines this peer gathered, in order. */
  public List<String> localCandidates() {
    return List.copyOf(localCandidates);
  }

  /**
   * Adds a remote candidate ({@code candidate:...}, without {@code a=}). Before the remote
   * description is set it is queued, and added right after, as libwebrtc requires.
   */
  public void addRemoteCandidate(String mid, int mLineIndex, String candidate) {
    RTCIceCandidate c = new RTCIceCandidate(mid, mLineIndex, candidate);
    synchronized (pendingRemoteCandidates) {
      if (!hasRemoteDescription) {
        pendingRemoteCandidates.add(c);
        return;
      }
    }
    connection.addIceCandidate(c);
  }

  public RTCIceConnectionState iceConnectionState() {
    return iceState;
  }

  /**
   * Waits until ICE is connected (or completed).
   *
   * @throws IllegalStateException when ICE fails, the peer closes, or the timeout passes
   */
  public void awaitIceConnected() {
    awaitUntil(
        () -> {
          RTCIceConnectionState s = iceState;
          if (s == RTCIceConnectionState.FAILED || s == RTCIceConnectionState.CLOSED) {
            throw new IllegalStateException(name + ": ICE " + s + " while waiting to connect");
          }
          return s == RTCIceConnectionState.CONNECTED || s == RTCIceConnectionState.COMPLETED;
        },
        "connect (ICE)");
  }

  // ---- receiving -------------------------------------------------------------------------------

  /** The tracks that arrived so far, in order of arrival. */
  public List<ReceivedTrack> receivedTracks() {
    return List.copyOf(receivedTracks);
  }

  /** Waits until at least {@code count} tracks have arrived. */
  public void awaitReceivedTracks(int count) {
    awaitUntil(() -> receivedTracks.size() >= count, "receive " + count + " tracks");
  }

  /** A fresh {@code getStats()} report's {@code inbound-rtp} entries. */
  public InboundStats inboundStats() {
    CompletableFuture<RTCStatsReport> report = new CompletableFuture<>();
    connection.getStats(report::complete);
    return InboundStats.of(
        await(report, "get stats").getStats().values().stream()
            .filter(s -> s.getType() == RTCStatsType.INBOUND_RTP)
            .map(RTCStats::getAttributes)
            .toList());
  }

  /**
   * Reads stats until {@code condition} holds, and returns those stats.
   *
   * @throws IllegalStateException with the last stats read, when {@code within} passes first
   */
  public InboundStats awaitInbound(Predicate<InboundStats> condition, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      InboundStats stats = inboundStats();
      if (condition.test(stats)) {
        return stats;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(
            "%s: received media did not reach the expected state within %s; last stats: %s"
                .formatted(name, within, stats));
      }
      sleep(100);
    }
  }

  /** Video frames decoded, over all received video. */
  public long framesDecoded() {
    return inboundStats().framesDecoded();
  }

  /** Audio samples received ({@code totalSamplesReceived}), over all received audio. */
  public long audioSamplesReceived() {
    return inboundStats().audioSamplesReceived();
  }

  /** RTP payload bytes received, over all received streams. */
  public long bytesReceived() {
    return inboundStats().bytesReceived();
  }

  // ---- closing ---------------------------------------------------------------------------------

  /** Closes the connection, then this peer's own media if it has some. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      connection.close();
      if (ownMedia != null) {
        ownMedia.close();
      }
    } finally {
      NativeWebRtc.closed(this);
    }
  }

  /**
   * Closes every open peer and synthetic media of this JVM and disposes libwebrtc's factories,
   * whose native threads would otherwise keep the JVM alive. JUnit tests get this at the end of the
   * run from {@link WebRtcTest}; other users call it last.
   */
  public static void shutdown() {
    NativeWebRtc.shutdown();
  }

  @Override
  public String toString() {
    return name + " (" + role + ", ICE " + iceState + ")";
  }

  // ---- inside ----------------------------------------------------------------------------------

  private void setLocal(RTCSessionDescription description) {
    CompletableFuture<Void> set = new CompletableFuture<>();
    connection.setLocalDescription(description, applied(set));
    await(set, "set the local " + description.sdpType);
  }

  private void setRemote(RTCSessionDescription description) {
    CompletableFuture<Void> set = new CompletableFuture<>();
    connection.setRemoteDescription(description, applied(set));
    await(set, "set the remote " + description.sdpType);
    List<RTCIceCandidate> queued;
    synchronized (pendingRemoteCandidates) {
      hasRemoteDescription = true;
      queued = List.copyOf(pendingRemoteCandidates);
      pendingRemoteCandidates.clear();
    }
    queued.forEach(connection::addIceCandidate);
  }

  /**
   * Waits until gathering has completed for the current local description, then returns it. The
   * candidate check covers an ICE restart, where the state may still read "complete" from the
   * previous round for a moment.
   */
  private String localSdpWithCandidates() {
    String[] sdp = new String[1];
    awaitUntil(
        () -> {
          if (gatheringState != RTCIceGatheringState.COMPLETE) {
            return false;
          }
          sdp[0] = connection.getLocalDescription().sdp;
          return sdp[0].contains("a=candidate:");
        },
        "gather ICE candidates");
    return sdp[0];
  }

  private void requireRole(Role needed, String what) {
    if (role != needed) {
      throw new IllegalStateException(name + " is a " + role + " and cannot " + what);
    }
  }

  /**
   * Waits for {@code condition}, re-checked at each change libwebrtc reports and at least every 50
   * ms. The condition runs without the monitor held: it may call into libwebrtc, which waits for
   * the signaling thread, which may be waiting for the monitor in {@link #changed()}.
   */
  private void awaitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new IllegalStateException(
            "%s: did not %s within %s (ICE %s, gathering %s)"
                .formatted(name, what, timeout, iceState, gatheringState));
      }
      synchronized (changes) {
        try {
          changes.wait(Math.min(left, RECHECK_MILLIS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(name + ": interrupted while waiting to " + what, e);
        }
      }
    }
  }

  private <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(name + ": could not " + what + " within " + timeout, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          name + ": could not " + what + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + ": interrupted while waiting to " + what, e);
    }
  }

  private void changed() {
    synchronized (changes) {
      changes.notifyAll();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static CreateSessionDescriptionObserver created(
      CompletableFuture<RTCSessionDescription> future) {
    return new CreateSessionDescriptionObserver() {
      @Override
      public void onSuccess(RTCSessionDescription description) {
        future.complete(description);
      }

      @Override
      public void onFailure(String error) {
        future.completeExceptionally(new IllegalStateException(error));
      }
    };
  }

  private static SetSessionDescriptionObserver applied(CompletableFuture<Void> future) {
    return new SetSessionDescriptionObserver() {
      @Override
      public void onSuccess() {
        future.complete(null);
      }

      @Override
      public void onFailure(String error) {
        future.completeExceptionally(new IllegalStateException(error));
      }
    };
  }

  /** Runs on libwebrtc's signaling thread: records, signals, never blocks. */
  private final class Observer implements PeerConnectionObserver {

    @Override
    public void onIceCandidate(RTCIceCandidate candidate) {
      localCandidates.add(candidate.sdp);
      changed();
    }

    @Override
    public void onIceGatheringChange(RTCIceGatheringState state) {
      gatheringState = state;
      changed();
    }

    @Override
    public void onIceConnectionChange(RTCIceConnectionState state) {
      iceState = state;
      changed();
    }

    @Override
    public void onTrack(RTCRtpTransceiver transceiver) {
      MediaStreamTrack track = transceiver.getReceiver().getTrack();
      receivedTracks.add(new ReceivedTrack(track.getKind(), track.getId(), transceiver.getMid()));
      changed();
    }
  }
}
