package org.conclave.media.sfu;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.conclave.media.DropReason;
import org.conclave.media.Drops;
import org.conclave.media.MediaException;
import org.conclave.media.MediaListener;
import org.conclave.media.MediaNode;
import org.conclave.media.MediaPermissions;
import org.conclave.media.NodeStats;
import org.conclave.media.PeerStats;
import org.conclave.media.RoomPeerStats;
import org.conclave.media.TrackSource;
import org.conclave.media.TransitTimes;
import org.conclave.media.dtls.DtlsCertificate;
import org.conclave.media.forward.DominantSpeaker;
import org.conclave.media.sdp.Sdp;
import org.conclave.media.sdp.SessionDescription;
import org.conclave.media.sdp.WebRtcSdp;
import org.conclave.media.transport.IceLite;
import org.conclave.media.transport.PeerTransport;
import org.conclave.media.transport.TransportCounters;
import org.conclave.media.transport.TransportLoop;
import org.conclave.media.transport.TransportSettings;

/**
 * The SFU: an in-process {@link MediaNode}. This class is its control surface: it owns the rooms,
 * peers, tracks and subscriptions, negotiates publish and subscribe connections ({@link
 * Negotiation}), applies permissions, reports stats and tells the {@link MediaListener}. The packet
 * path is not here: each peer transport's handler hands decrypted RTP to the {@link Forwarder}
 * (permission check, rewrite, send to each subscriber, RTX, keyframe requests) and RTCP to {@link
 * Feedback} (sender-report translation, NACK/PLI/FIR, receiver reports and transport-cc), and the
 * node's timers drive the latter's reports.
 *
 * <p>Threading: one {@link TransportLoop} thread owns every socket and every room, so the packet
 * path runs without locks; the public methods post their work to that thread and wait for it (at
 * most 10 s). Listener events are called on that thread.
 *
 * <p>The packet path reads only what end-to-end encryption leaves in clear: RTP headers, header
 * extensions (audio level, transport-wide sequence number, mid) and the VP8 payload descriptor (for
 * keyframes). {@code docs/media-forwarding.md} describes it step by step.
 */
public final class SfuNode implements MediaNode {

  private static final System.Logger LOG = System.getLogger(SfuNode.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  static final long REPORT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  static final long TWCC_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  static final long SPEAKER_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  static final long OFFER_ANSWER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
  static final long CALL_TIMEOUT_MILLIS = 10_000;

  private final TransportSettings settings;
  private final Drops drops = new Drops();
  private final IceLite ice;
  private final TransportLoop loop;
  private final DtlsCertificate certificate;
  private final String fingerprint;
  private final ExecutorService handshakes;
  private final List<String> candidates;
  private final Map<String, SfuRoom> rooms = new HashMap<>();
  private volatile MediaListener listener =
      new MediaListener() {
        @Override
        public void subscribeOffer(
            String roomId, String peerId, String sdp, List<OfferedTrack> tracks) {}
      };

  private final Forwarder forwarder;
  private volatile int lastN = Integer.MAX_VALUE; // written on the loop
  private volatile int sharedAudioThreshold = LoudestAudio.DEFAULT_THRESHOLD; // written on the loop
  private volatile int sharedAudioLines = LoudestAudio.DEFAULT_LINES;
  private long[] ranked = new long[LoudestAudio.DEFAULT_LINES + 8]; // loop thread
  private final Feedback feedback;
  private final RateControl rates;

  /** Binds the media port and starts the transport loop. */
  public SfuNode(TransportSettings settings) {
    this.settings = settings;
    this.ice = new IceLite(drops, settings.maxPeers());
    this.certificate = DtlsCertificate.generate();
    this.fingerprint = certificate.sdpFingerprint();
    AtomicInteger n = new AtomicInteger();
    this.handshakes =
        new ThreadPoolExecutor(
            0,
            64,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "conclave-dtls-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    warmUpSrtp();
    this.loop = new TransportLoop(settings, ice, System::nanoTime);
    this.forwarder = new Forwarder(loop, drops, RANDOM, this::announce);
    this.rates = new RateControl(loop, forwarder);
    this.feedback =
        new Feedback(loop, drops, forwarder, peer -> rates.allocate(peer, loop.nanoTime()));
    this.candidates = candidateLines(settings, loop.localAddress().getPort());
    loop.execute(
        () -> {
          loop.every(REPORT_INTERVAL_NANOS, this::everySecond);
          loop.every(TWCC_INTERVAL_NANOS, this::sendTransportFeedback);
          loop.every(SPEAKER_TICK_NANOS, this::tickSpeakers);
          loop.every(BandwidthAllocation.INTERVAL_NANOS, this::allocateBandwidth);
          loop.every(Pacer.TICK_NANOS, this::drainPacers);
        });
  }

  /**
   * Makes jitsi-srtp load its native library and build its first ciphers now, on the starting
   * thread: done lazily it happened on the transport loop when the first peer connected, and on a
   * busy machine took many seconds, during which no packet moved.
   */
  private static void warmUpSrtp() {
    for (org.conclave.media.srtp.SrtpProfile profile :
        org.conclave.media.dtls.DtlsSettings.DEFAULT_SRTP_PROFILES) {
      byte[] material = new byte[profile.keyingMaterialLength()];
      RANDOM.nextBytes(material);
      try (org.conclave.media.srtp.SrtpSession s =
          new org.conclave.media.srtp.SrtpSession(
              org.conclave.media.srtp.SrtpKeys.fromDtlsKeyingMaterial(profile, material, false))) {
        byte[] packet = new byte[12 + 16 + profile.rtpOverhead()];
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        s.protectRtp(packet, 0, 28);
      }
    }
  }

  /** The UDP (and ICE-TCP) port the node listens on. */
  public int port() {
    return loop.localAddress().getPort();
  }

  /** The transport loop's own counters (datagrams, TCP connections). */
  public TransportCounters.Snapshot transportCounters() {
    return loop.counters().snapshot();
  }

  /** Dropped packets by reason. */
  public Drops drops() {
    return drops;
  }

  static List<String> candidateLines(TransportSettings settings, int port) {
    List<String> lines = new ArrayList<>();
    int foundation = 1;
    int i = 0;
    for (InetAddress a : settings.announcedAddresses()) {
      String host = a.getHostAddress();
      if (a instanceof Inet6Address && host.contains("%")) {
        host = host.substring(0, host.indexOf('%'));
      }
      // RFC 8445 §5.1.2.1: (2^24)(type preference) + (2^8)(local preference) + (256 - component).
      long udpPriority = (126L << 24) + ((long) (65535 - i) << 8) + 255;
      lines.add(
          "candidate:"
              + foundation++
              + " 1 udp "
              + udpPriority
              + " "
              + host
              + " "
              + port
              + " typ host");
      if (settings.tcp()) {
        // RFC 6544 §4.2: TCP candidates below UDP ones.
        long tcpPriority = (126L << 24) + ((long) (8191 - i) << 8) + 255;
        lines.add(
            "candidate:"
                + foundation++
                + " 1 tcp "
                + tcpPriority
                + " "
                + host
                + " "
                + port
                + " typ host tcptype passive");
      }
      i++;
    }
    return List.copyOf(lines);
  }

  // ------------------------------------------------------------------ MediaNode

  @Override
  public void setListener(MediaListener listener) {
    this.listener = java.util.Objects.requireNonNull(listener, "listener");
  }

  @Override
  public void openRoom(String roomId) {
    run(
        () -> {
          rooms.computeIfAbsent(roomId, this::newRoom);
          return null;
        });
  }

  private SfuRoom newRoom(String id) {
    SfuRoom room = new SfuRoom(id);
    room.speaker =
        new DominantSpeaker(
            loop::nanoTime,
            (previous, current) -> {
              SfuPeer p = room.byNumber.get(current);
              String peerId = p == null ? null : p.id;
              if (p != null) {
                room.spoke.remove(p);
                room.spoke.add(0, p);
                chooseCameras(room);
              }
              safely(() -> listener.speakerChanged(room.id, peerId));
            });
    return room;
  }

  @Override
  public void closeRoom(String roomId) {
    run(
        () -> {
          SfuRoom room = rooms.remove(roomId);
          if (room != null) {
            for (SfuPeer p : List.copyOf(room.peers.values())) {
              removePeerNow(p);
            }
          }
          return null;
        });
  }

  @Override
  public void addPeer(String roomId, String peerId, MediaPermissions permissions)
      throws MediaException {
    call(
        () -> {
          SfuRoom room = rooms.computeIfAbsent(roomId, this::newRoom);
          if (room.peers.containsKey(peerId)) {
            room.peers.get(peerId).permissions = permissions;
            return null;
          }
          long[] randoms = {Slots.ssrc(RANDOM), RANDOM.nextLong() >>> 2, RANDOM.nextLong() >>> 2};
          SfuPeer peer = new SfuPeer(room, peerId, room.nextNumber++, permissions, randoms);
          room.peers.put(peerId, peer);
          room.byNumber.put(peer.number, peer);
          renegotiate(peer);
          return null;
        });
  }

  @Override
  public void setPermissions(String roomId, String peerId, MediaPermissions permissions) {
    run(
        () -> {
          SfuPeer peer = peer(roomId, peerId);
          if (peer == null) {
            return null;
          }
          MediaPermissions before = peer.permissions;
          peer.permissions = permissions;
          if (before.camera() != permissions.camera()) {
            chooseCameras(peer.room);
          }
          for (Track t : peer.trackArray) {
            boolean nowAllowed = permissions.allows(t.source);
            if (!before.allows(t.source) && nowAllowed) {
              // Forwarding resumes at the next keyframe: ask for one now.
              t.pauseAll();
              for (Layer l : t.layers) {
                forwarder.requestKeyframe(l, true);
              }
            } else if (!nowAllowed) {
              t.pauseAll();
            }
            if (t.source == TrackSource.MICROPHONE && !nowAllowed) {
              peer.room.speaker.remove(peer.number);
            } else if (t.source == TrackSource.MICROPHONE) {
              peer.room.speaker.add(peer.number);
            }
          }
          return null;
        });
  }

  @Override
  public void removePeer(String roomId, String peerId) {
    run(
        () -> {
          SfuPeer peer = peer(roomId, peerId);
          if (peer != null) {
            removePeerNow(peer);
          }
          return null;
        });
  }

  @Override
  public String publish(
      String roomId, String peerId, String offerSdp, Map<String, TrackSource> sources)
      throws MediaException {
    SessionDescription offer = Sdp.parse(offerSdp);
    if (offer == null) {
      throw new MediaException("the offer is not valid SDP");
    }
    Negotiation.PublishPlan plan = Negotiation.planPublish(offer, sources);
    return call(() -> publishNow(roomId, peerId, offer, plan));
  }

  @Override
  public void subscribeAnswer(String roomId, String peerId, String answerSdp)
      throws MediaException {
    SessionDescription answer = Sdp.parse(answerSdp);
    if (answer == null) {
      throw new MediaException("the answer is not valid SDP");
    }
    call(
        () -> {
          subscribeAnswerNow(requirePeer(roomId, peerId), answer);
          return null;
        });
  }

  @Override
  public void restartSubscription(String roomId, String peerId, boolean fresh)
      throws MediaException {
    call(
        () -> {
          SfuPeer peer = requirePeer(roomId, peerId);
          if (peer.subscribe != null) {
            if (fresh || peer.subscribe.isClosed()) {
              PeerTransport old = peer.subscribe;
              peer.subscribe = null;
              old.close("replaced");
              for (Slot s : peer.slots) {
                if (s.subscription != null) {
                  s.subscription.negotiated = false;
                  s.subscription.started = false;
                  s.subscription.pause();
                }
              }
              if (fresh) {
                // A new browser connection starts with no m-lines: forget ours.
                Slots.dropAll(peer);
              }
            } else {
              peer.subscribe.restartIce(null);
            }
          }
          peer.offerPending = false;
          renegotiate(peer);
          return null;
        });
  }

  /** Most video heights one report may carry (the peer's m-lines are fewer). */
  static final int MAX_VIDEO_HEIGHTS = 256;

  @Override
  public void setVideoHeights(String roomId, String peerId, Map<String, Integer> heightsByMid) {
    Map<String, Integer> heights = Map.copyOf(heightsByMid);
    if (heights.size() > MAX_VIDEO_HEIGHTS) {
      throw new IllegalArgumentException("at most " + MAX_VIDEO_HEIGHTS + " video heights");
    }
    run(
        () -> {
          SfuPeer peer = peer(roomId, peerId);
          if (peer == null) {
            return null;
          }
          for (Slot s : peer.slots) {
            Integer h = heights.get(s.mid);
            if (h != null && s.kind.equals("video")) {
              s.maxHeight = Math.max(0, Math.min(h, 16_384));
            }
          }
          rates.allocate(peer, loop.nanoTime());
          return null;
        });
  }

  @Override
  public TransitTimes.Snapshot transitTimes() {
    return forwarder.transit().snapshot();
  }

  @Override
  public NodeStats stats() {
    try {
      return loop.call(this::statsNow, CALL_TIMEOUT_MILLIS);
    } catch (Exception e) {
      throw new IllegalStateException("media node stats unavailable: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<PeerStats> peerStats(String roomId, String peerId) {
    try {
      return loop.call(
          () -> {
            SfuPeer p = peer(roomId, peerId);
            return p == null ? Optional.<PeerStats>empty() : Optional.of(PeerCounters.of(p));
          },
          CALL_TIMEOUT_MILLIS);
    } catch (Exception e) {
      throw new IllegalStateException("media peer stats unavailable: " + e.getMessage(), e);
    }
  }

  @Override
  public List<RoomPeerStats> allPeerStats() {
    try {
      return loop.call(
          () -> {
            List<RoomPeerStats> all = new ArrayList<>();
            for (SfuRoom room : rooms.values()) {
              for (SfuPeer p : room.peers.values()) {
                all.add(new RoomPeerStats(room.id, p.id, PeerCounters.of(p)));
              }
            }
            return List.copyOf(all);
          },
          CALL_TIMEOUT_MILLIS);
    } catch (Exception e) {
      throw new IllegalStateException("media peer stats unavailable: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    run(
        () -> {
          for (SfuRoom room : List.copyOf(rooms.values())) {
            for (SfuPeer p : List.copyOf(room.peers.values())) {
              removePeerNow(p);
            }
          }
          rooms.clear();
          return null;
        });
    loop.close();
    handshakes.shutdownNow();
  }

  // ------------------------------------------------------------------ control, on the loop

  private interface LoopCall<T> {
    T call() throws MediaException;
  }

  private <T> T call(LoopCall<T> task) throws MediaException {
    try {
      return loop.call(task::call, CALL_TIMEOUT_MILLIS);
    } catch (MediaException e) {
      throw e;
    } catch (Exception e) {
      throw new MediaException("the media node failed: " + e.getMessage());
    }
  }

  private void run(LoopCall<Void> task) {
    try {
      call(task);
    } catch (MediaException e) {
      LOG.log(System.Logger.Level.WARNING, "media control call failed: " + e.getMessage());
    }
  }

  private SfuPeer peer(String roomId, String peerId) {
    SfuRoom room = rooms.get(roomId);
    return room == null ? null : room.peers.get(peerId);
  }

  private SfuPeer requirePeer(String roomId, String peerId) throws MediaException {
    SfuPeer p = peer(roomId, peerId);
    if (p == null) {
      throw new MediaException("this participant has no media in the meeting");
    }
    return p;
  }

  private String publishNow(
      String roomId, String peerId, SessionDescription offer, Negotiation.PublishPlan plan)
      throws MediaException {
    SfuPeer peer = requirePeer(roomId, peerId);
    if (peer.publish == null
        || peer.publish.isClosed()
        || !peer.publish.hasRemoteFingerprint(plan.fingerprint())) {
      if (peer.publish != null) {
        PeerTransport old = peer.publish;
        peer.publish = null;
        old.close("replaced");
      }
      peer.publish = newTransport(peer, "publish");
      peer.twcc = new TwccRecorder();
    } else if (!plan.remoteUfrag().equals(peer.publish.remoteUfrag())) {
      peer.publish.restartIce(plan.remoteUfrag());
    }
    try {
      peer.publish.setRemote(plan.remoteUfrag(), plan.fingerprint());
    } catch (IllegalArgumentException e) {
      throw new MediaException(e.getMessage());
    }
    peer.midExtension = plan.midExtension();
    peer.audioLevelExtension = plan.audioLevelExtension();
    peer.twccExtension = plan.twccExtension();
    peer.ridExtension = plan.ridExtension();

    Map<String, Track> next = new LinkedHashMap<>();
    boolean changed = false;
    for (Negotiation.PublishLine line : plan.lines()) {
      Track existing = peer.tracksByMid.get(line.mid());
      if (existing != null
          && existing.source == line.source()
          && Negotiation.codecKey(existing.codec).equals(Negotiation.codecKey(line.codec()))
          && sameRids(existing, line.rids())) {
        if (line.ssrc() >= 0 && line.ssrc() != existing.layers[0].ssrc) {
          forwarder.bindSsrc(existing.layers[0], line.ssrc());
        }
        next.put(line.mid(), existing);
      } else {
        Track t = new Track(peer, line.mid(), line.source(), line.codec(), line.rids(), randomId());
        if (line.ssrc() >= 0) {
          forwarder.bindSsrc(t.layers[0], line.ssrc());
        }
        next.put(line.mid(), t);
        changed = true;
      }
    }
    for (Track old : peer.tracksByMid.values()) {
      if (next.get(old.mid) != old) {
        endTrack(old);
        changed = true;
      }
    }
    peer.tracksByMid.clear();
    peer.tracksByMid.putAll(next);
    peer.refreshTrackArray();
    for (Track t : peer.trackArray) {
      if (t.source == TrackSource.MICROPHONE && peer.permissions.microphone()) {
        peer.room.speaker.add(peer.number);
      }
    }
    peer.publishVersion++;
    String answer =
        Negotiation.publishAnswer(
            offer,
            plan,
            peer.publish.credentials(),
            fingerprint,
            candidates,
            peer.publishSessionId,
            peer.publishVersion);
    if (changed) {
      for (SfuPeer other : peer.room.peers.values()) {
        if (other != peer) {
          renegotiate(other);
        }
      }
    }
    return answer;
  }

  private static boolean sameRids(Track t, List<String> rids) {
    if (!t.simulcast()) {
      return rids.isEmpty();
    }
    if (rids.size() != t.layers.length) {
      return false;
    }
    for (int i = 0; i < rids.size(); i++) {
      if (!rids.get(i).equals(t.layers[i].rid)) {
        return false;
      }
    }
    return true;
  }

  private void endTrack(Track t) {
    for (Subscription s : List.copyOf(t.subscriptions)) {
      if (s.slot.shared) {
        LoudestAudio.detach(s); // the line waits for the next speaker
      } else if (s.slot.subscription == s) {
        s.slot.subscription = null;
      }
      renegotiate(s.subscriber);
    }
    t.subscriptions.clear();
    if (t.source == TrackSource.MICROPHONE) {
      t.owner.room.speaker.remove(t.owner.number);
    }
  }

  private void removePeerNow(SfuPeer peer) {
    SfuRoom room = peer.room;
    if (room.peers.get(peer.id) != peer) {
      return;
    }
    room.peers.remove(peer.id);
    room.byNumber.remove(peer.number);
    room.spoke.remove(peer);
    room.speaker.remove(peer.number);
    for (Track t : peer.trackArray) {
      endTrack(t);
    }
    peer.tracksByMid.clear();
    peer.refreshTrackArray();
    Slots.dropAll(peer);
    if (peer.publish != null) {
      PeerTransport t = peer.publish;
      peer.publish = null;
      t.close("removed");
    }
    if (peer.subscribe != null) {
      PeerTransport t = peer.subscribe;
      peer.subscribe = null;
      t.close("removed");
    }
  }

  private PeerTransport newTransport(SfuPeer peer, String connection) throws MediaException {
    try {
      return new PeerTransport(
          loop,
          ice,
          drops,
          peer.room.id + "/" + peer.id + "/" + connection,
          certificate,
          handshakes,
          new Handler(peer, connection.equals("publish")));
    } catch (IllegalStateException e) {
      throw new MediaException(e.getMessage());
    }
  }

  /** Offers the peer every other peer's tracks (or, while an offer is out, does so after). */
  private void renegotiate(SfuPeer peer) {
    if (peer.room.peers.get(peer.id) != peer) {
      return;
    }
    long now = loop.nanoTime();
    if (peer.offerPending && now - peer.offerSentNanos < OFFER_ANSWER_TIMEOUT_NANOS) {
      peer.renegotiateAfterAnswer = true;
      return;
    }
    List<Track> order = LastN.tracksFor(peer, lastN);
    Track standIn = LoudestAudio.anyMicrophone(peer);
    boolean shared = standIn != null && LoudestAudio.shared(peer, sharedAudioThreshold);
    if (shared) {
      order.removeIf(t -> t.source == TrackSource.MICROPHONE);
    }
    if (peer.slots.isEmpty() && order.isEmpty() && !shared) {
      return;
    }
    Slots.carry(peer, order, shared ? standIn : null, sharedAudioLines, RANDOM);
    if (peer.subscribe == null || peer.subscribe.isClosed()) {
      try {
        peer.subscribe = newTransport(peer, "subscribe");
      } catch (MediaException e) {
        LOG.log(System.Logger.Level.WARNING, "no subscribe transport: " + e.getMessage());
        return;
      }
    }
    List<MediaListener.OfferedTrack> offered = new ArrayList<>();
    List<Negotiation.OfferLine> lines = Slots.offerLines(peer, offered);
    List<String> mids = new ArrayList<>();
    for (Slot slot : peer.slots) {
      mids.add(slot.mid);
    }
    peer.subscribeVersion++;
    String sdp =
        Negotiation.subscribeOffer(
            lines,
            peer.subscribe.credentials(),
            fingerprint,
            candidates,
            peer.subscribeSessionId,
            peer.subscribeVersion);
    peer.offerPending = true;
    peer.offerSentNanos = now;
    peer.renegotiateAfterAnswer = false;
    peer.offeredMids = List.copyOf(mids);
    String roomId = peer.room.id;
    String peerId = peer.id;
    List<MediaListener.OfferedTrack> tracks = List.copyOf(offered);
    safely(() -> listener.subscribeOffer(roomId, peerId, sdp, tracks));
  }

  // ------------------------------------------------------------------ last-N

  /**
   * Sets how many cameras each subscriber receives at most (last-N): the cameras of those who spoke
   * most recently, then of those who came first; cameras that are switched off come last.
   * Microphones and screens are always sent. A subscriber whose choice changes gets a new offer: a
   * camera that leaves its last N frees its m-line, which the camera that enters takes over.
   *
   * @throws IllegalArgumentException when {@code n} is below 1
   */
  public void setLastN(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("last-N must be at least 1: " + n);
    }
    run(
        () -> {
          lastN = n;
          for (SfuRoom room : List.copyOf(rooms.values())) {
            chooseCameras(room);
          }
          return null;
        });
  }

  /** The most cameras a subscriber receives ({@link #setLastN}). */
  public int lastN() {
    return lastN;
  }

  /** Offers again to every subscriber of {@code room} whose cameras are no longer the chosen. */
  private void chooseCameras(SfuRoom room) {
    for (SfuPeer peer : List.copyOf(room.peers.values())) {
      if (!peer.slots.isEmpty()
          && !LastN.cameras(LastN.tracksFor(peer, lastN)).equals(LastN.subscribedCameras(peer))) {
        renegotiate(peer);
      }
    }
  }

  /**
   * Sets the big-room audio rule ({@link LoudestAudio}): a subscriber who would receive more than
   * {@code threshold} microphones receives {@code lines} shared lines carrying the current speakers
   * instead. Subscribers whose rule changes get a new offer.
   *
   * @throws IllegalArgumentException unless 1 ≤ lines ≤ 16 and lines ≤ threshold ≤ 1000
   */
  public void setLoudestAudio(int threshold, int lines) {
    if (lines < 1 || lines > 16 || threshold < lines || threshold > 1000) {
      throw new IllegalArgumentException(
          "shared audio lines must be 1 to 16, the threshold at least that: "
              + threshold
              + "/"
              + lines);
    }
    run(
        () -> {
          sharedAudioThreshold = threshold;
          sharedAudioLines = lines;
          ranked = new long[lines + 8];
          for (SfuRoom room : List.copyOf(rooms.values())) {
            for (SfuPeer peer : List.copyOf(room.peers.values())) {
              if (!peer.slots.isEmpty()) {
                Slots.releaseSharedAudio(peer);
                renegotiate(peer);
              }
            }
          }
          return null;
        });
  }

  private void subscribeAnswerNow(SfuPeer peer, SessionDescription answer) throws MediaException {
    if (!peer.offerPending || peer.subscribe == null) {
      throw new MediaException("there is no subscribe offer waiting for an answer");
    }
    Negotiation.checkSubscribeAnswer(answer, peer.offeredMids);
    var first = answer.media().get(0);
    String ufrag = WebRtcSdp.iceUfrag(answer, first);
    WebRtcSdp.Fingerprint fp = WebRtcSdp.fingerprint(answer, first);
    if (ufrag == null || fp == null) {
      throw new MediaException("the answer lacks ICE credentials or a fingerprint");
    }
    try {
      peer.subscribe.setRemote(ufrag, fp);
    } catch (IllegalArgumentException e) {
      throw new MediaException(e.getMessage());
    }
    peer.offerPending = false;
    peer.subscribeTwccExtension =
        Negotiation.acceptsTransportCc(answer) ? Negotiation.SUBSCRIBE_TWCC_ID : -1;
    for (Slot s : peer.slots) {
      Subscription sub = s.subscription;
      if (sub != null && !sub.negotiated && peer.offeredMids.contains(s.mid)) {
        sub.negotiated = true;
        sub.pause();
        if (sub.track.isVideo() && peer.subscribeConnected()) {
          forwarder.requestKeyframe(sub, true);
        }
      }
    }
    if (peer.renegotiateAfterAnswer) {
      renegotiate(peer);
    }
  }

  // ------------------------------------------------------------------ transport handlers

  /**
   * Receives for one of a peer's transports, on the loop thread: connection events are handled
   * here, packets are handed to the forwarder (RTP) and to feedback (RTCP).
   */
  private final class Handler implements PeerTransport.Handler {
    private final SfuPeer peer;
    private final boolean publishing;

    Handler(SfuPeer peer, boolean publishing) {
      this.peer = peer;
      this.publishing = publishing;
    }

    @Override
    public void onConnected(PeerTransport transport) {
      if (!publishing) {
        for (Slot s : peer.slots) {
          if (s.subscription != null) {
            s.subscription.pause();
            if (s.subscription.track.isVideo()) {
              forwarder.requestKeyframe(s.subscription, true);
            }
          }
        }
      }
    }

    @Override
    public void onRtp(PeerTransport transport, byte[] buf, int off, int len) {
      if (publishing && transport == peer.publish) {
        forwarder.onPublisherRtp(peer, buf, off, len);
      } else if (publishing) {
        drops.count(DropReason.STALE_CONNECTION);
      } else {
        // Subscribers send no media to us.
        drops.count(DropReason.RTP_UNKNOWN_SSRC);
      }
    }

    @Override
    public void onRtcp(PeerTransport transport, byte[] buf, int off, int len) {
      // Only the peer's current connections: RTCP still in flight on one that was replaced (a new
      // publish connection, a fresh subscribe connection) speaks of streams that are gone.
      if (transport == (publishing ? peer.publish : peer.subscribe)) {
        feedback.onRtcp(peer, publishing, buf, off, len);
      } else {
        drops.count(DropReason.STALE_CONNECTION);
      }
    }

    @Override
    public void onClosed(PeerTransport transport, String reason) {
      if (peer.publish == transport) {
        peer.publish = null;
      } else if (peer.subscribe == transport) {
        peer.subscribe = null;
        for (Slot s : peer.slots) {
          if (s.subscription != null) {
            s.subscription.pause();
          }
        }
      } else {
        return; // replaced or removed on purpose
      }
      String roomId = peer.room.id;
      String peerId = peer.id;
      String connection = publishing ? "publish" : "subscribe";
      safely(() -> listener.transportClosed(roomId, peerId, connection, reason));
    }
  }

  // ------------------------------------------------------------------ timers

  private void everySecond() {
    long now = loop.nanoTime();
    for (SfuRoom room : List.copyOf(rooms.values())) {
      for (SfuPeer peer : List.copyOf(room.peers.values())) {
        if (peer.publish != null) {
          peer.publish.checkConsent(now);
        }
        if (peer.subscribe != null) {
          peer.subscribe.checkConsent(now);
        }
        feedback.sendReceiverReports(peer, now);
        if (peer.offerPending && now - peer.offerSentNanos > OFFER_ANSWER_TIMEOUT_NANOS) {
          peer.offerPending = false;
          renegotiate(peer);
        }
      }
    }
  }

  private void sendTransportFeedback() {
    long now = loop.nanoTime();
    for (SfuRoom room : rooms.values()) {
      for (SfuPeer peer : room.peers.values()) {
        feedback.sendTransportFeedback(peer);
        for (Track t : peer.tracksByMid.values()) {
          for (Layer l : t.layers) {
            forwarder.askForLostPackets(l, now);
          }
        }
      }
    }
  }

  private void drainPacers() {
    long now = loop.nanoTime();
    for (SfuRoom room : rooms.values()) {
      for (SfuPeer peer : room.peers.values()) {
        rates.drain(peer, now);
      }
    }
  }

  private void allocateBandwidth() {
    long now = loop.nanoTime();
    for (SfuRoom room : rooms.values()) {
      for (SfuPeer peer : room.peers.values()) {
        rates.allocate(peer, now);
      }
    }
  }

  private void tickSpeakers() {
    for (SfuRoom room : rooms.values()) {
      room.speaker.tick();
      LoudestAudio.assign(room, ranked);
    }
  }

  // ------------------------------------------------------------------ stats

  private NodeStats statsNow() {
    int peers = 0;
    for (SfuRoom r : rooms.values()) {
      peers += r.peers.size();
    }
    TransportCounters.Snapshot c = loop.counters().snapshot();
    Map<DropReason, Long> d = drops.snapshot();
    if (c.oversized() > 0) {
      d.merge(DropReason.OVERSIZED, c.oversized(), Long::sum);
    }
    return new NodeStats(
        rooms.size(),
        peers,
        ice.transports(),
        c.packetsIn(),
        c.bytesIn(),
        c.packetsOut(),
        c.bytesOut(),
        forwarder.rtpForwarded(),
        feedback.nacksReceived(),
        forwarder.retransmissions(),
        forwarder.keyframeRequests(),
        forwarder.upstreamNacks(),
        d);
  }

  // ------------------------------------------------------------------ helpers

  /** A track's first packet: tell the listener (on the loop thread, from the forwarder). */
  private void announce(SfuPeer peer, Track track) {
    safely(() -> listener.trackPublished(peer.room.id, peer.id, track.source));
  }

  private void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a media listener failed", e);
    }
  }

  private static String randomId() {
    return Long.toUnsignedString(RANDOM.nextLong(), 36);
  }
}
