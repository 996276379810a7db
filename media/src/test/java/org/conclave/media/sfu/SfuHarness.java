package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.conclave.media.MediaException;
import org.conclave.media.MediaListener;
import org.conclave.media.MediaPermissions;
import org.conclave.media.PeerStats;
import org.conclave.media.TrackSource;
import org.conclave.media.client.ClientOptions;
import org.conclave.media.client.ClientPeer;
import org.conclave.media.client.OfferedStream;
import org.conclave.media.client.PublishOffer;
import org.conclave.media.client.ReceivedRtp;
import org.conclave.media.client.Source;
import org.conclave.media.srtp.SrtpKeys;
import org.conclave.media.srtp.SrtpProfile;
import org.conclave.media.srtp.SrtpSession;
import org.conclave.media.transport.TransportSettings;

/**
 * An {@link SfuNode} on loopback with {@link ClientPeer}s as its participants, for tests: the
 * harness plays the control plane (it carries SDP between the peers and the node, as the signaling
 * server does) and records the node's events. Each participant has a publish and a subscribe peer
 * connection, as browsers do.
 */
public final class SfuHarness implements AutoCloseable {

  /** How long anything that should happen may take on a busy machine. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  /** How long we watch for something that must not happen. */
  public static final Duration QUIET = Duration.ofMillis(400);

  public static final MediaPermissions ALL = new MediaPermissions(true, true, true);

  public static final String ROOM = "room";

  /** One {@link MediaListener#transportClosed} call. */
  public record Closed(String peerId, String connection, String reason) {}

  private record Offer(String sdp, List<MediaListener.OfferedTrack> tracks) {}

  public final SfuNode node;
  public final LinkedBlockingQueue<String> speakers = new LinkedBlockingQueue<>();
  public final LinkedBlockingQueue<Closed> closures = new LinkedBlockingQueue<>();
  private final ClientOptions clientOptions;
  private final Map<String, LinkedBlockingQueue<Offer>> offers = new ConcurrentHashMap<>();
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final List<ClientPeer> clients = new ArrayList<>();

  public SfuHarness() {
    this(TransportSettings.loopback(0), ClientOptions.loopback());
  }

  public SfuHarness(TransportSettings settings, ClientOptions clientOptions) {
    warmUp();
    this.clientOptions = clientOptions;
    this.node = new SfuNode(settings);
    node.setListener(
        new MediaListener() {
          @Override
          public void subscribeOffer(
              String roomId, String peerId, String sdp, List<OfferedTrack> tracks) {
            offers
                .computeIfAbsent(peerId, k -> new LinkedBlockingQueue<>())
                .add(new Offer(sdp, tracks));
          }

          @Override
          public void speakerChanged(String roomId, String peerId) {
            speakers.add(peerId == null ? "none" : peerId);
          }

          @Override
          public void transportClosed(
              String roomId, String peerId, String connection, String reason) {
            closures.add(new Closed(peerId, connection, reason));
          }
        });
    node.openRoom(ROOM);
  }

  private static boolean warm;

  /**
   * jitsi-srtp benchmarks its AES implementations the first time a JVM protects a packet with each
   * cipher mode, which takes seconds on a busy machine; pay for it here rather than inside a test's
   * timed wait.
   */
  private static synchronized void warmUp() {
    if (warm) {
      return;
    }
    warm = true;
    for (SrtpProfile profile : SrtpProfile.values()) {
      byte[] key = new byte[profile.keyLength()];
      byte[] salt = new byte[profile.saltLength()];
      try (SrtpSession s = new SrtpSession(new SrtpKeys(profile, key, salt, key, salt))) {
        byte[] rtp = new byte[12 + 20 + profile.rtpOverhead()];
        rtp[0] = (byte) 0x80;
        s.protectRtp(rtp, 0, 32);
        byte[] rtcp = new byte[8 + profile.rtcpOverhead()];
        rtcp[0] = (byte) 0x80;
        rtcp[1] = (byte) 201;
        rtcp[3] = 1;
        s.protectRtcp(rtcp, 0, 8);
      }
    }
  }

  /** A participant of the room: its permissions, what it publishes, its two peer connections. */
  public final class Member {
    public final String id;
    public final Map<TrackSource, Source> sources = new EnumMap<>(TrackSource.class);

    /** Sources published as simulcast: their encodings, lowest first (in place of the source). */
    public final Map<TrackSource, List<Source>> layers = new EnumMap<>(TrackSource.class);

    public ClientPeer publisher;
    public ClientPeer subscriber;
    public volatile String lastAnswer; // the node's answer to the latest publish offer
    private ClientOptions subscriberOptions;
    private volatile List<MediaListener.OfferedTrack> offered = List.of();

    Member(String id) {
      this.id = id;
    }

    public Source source(TrackSource s) {
      return sources.get(s);
    }

    /** The subscribe m-line on which this member receives {@code from}'s {@code source}. */
    public OfferedStream streamOf(Member from, TrackSource source) {
      for (MediaListener.OfferedTrack t : offered) {
        if (t.publisherId().equals(from.id) && t.source() == source) {
          return subscriber.offeredStream(t.mid());
        }
      }
      throw new AssertionError(id + " was not offered " + from.id + "'s " + source);
    }

    /** What this member's latest subscribe offer carries, as "publisher/SOURCE". */
    public List<String> offeredSources() {
      return offered.stream().map(t -> t.publisherId() + "/" + t.source()).toList();
    }

    public PeerStats stats() {
      return node.peerStats(ROOM, id).orElseThrow();
    }

    /**
     * Publishes (again) on {@code peer}, which becomes this member's publisher: offer, the node's
     * answer, connect. The same sources, so the same mids.
     */
    public String publishOn(ClientPeer peer) throws MediaException {
      List<Source> all = new java.util.ArrayList<>();
      for (Map.Entry<TrackSource, Source> e : sources.entrySet()) {
        all.addAll(layers.getOrDefault(e.getKey(), List.of(e.getValue())));
      }
      PublishOffer offer = peer.publishOffer(all);
      String answer = node.publish(ROOM, id, offer.sdp(), offer.sources());
      peer.applyAnswer(answer);
      peer.connect();
      publisher = peer;
      lastAnswer = answer;
      return answer;
    }

    /**
     * Sends Opus packets from {@code this} every 10 ms until {@code to} receives one of them:
     * forwarding to {@code to} has started. Returns the last packet {@code to} received once the
     * stragglers are in; its queue is empty then.
     */
    public ReceivedRtp audioReaches(Member to) {
      OfferedStream s = to.streamOf(this, TrackSource.MICROPHONE);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        publisher.sendOpus(source(TrackSource.MICROPHONE), 40, true);
        ReceivedRtp r = to.subscriber.awaitRtp(p -> p.ssrc() == s.ssrc(), Duration.ofMillis(10));
        if (r != null) {
          return drain(to, s.ssrc(), r);
        }
      }
      throw new AssertionError(id + "'s audio never reached " + to.id + ": " + node.stats());
    }

    /**
     * Sends a VP8 keyframe of {@code source} every 50 ms until {@code to} receives one: forwarding
     * of that video to {@code to} has started. Returns the last packet {@code to} received once the
     * stragglers are in; its queue is empty then.
     */
    public ReceivedRtp videoReaches(Member to, TrackSource source) {
      OfferedStream s = to.streamOf(this, source);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        publisher.sendVp8(source(source), true);
        ReceivedRtp r = to.subscriber.awaitRtp(p -> p.ssrc() == s.ssrc(), Duration.ofMillis(50));
        if (r != null) {
          return drain(to, s.ssrc(), r);
        }
      }
      throw new AssertionError(id + "'s " + source + " never reached " + to.id);
    }
  }

  /** The last packet of {@code ssrc} to arrive at {@code to} until none has for 150 ms. */
  private static ReceivedRtp drain(Member to, long ssrc, ReceivedRtp last) {
    for (ReceivedRtp r = last; r != null; r = to.subscriber.pollRtp(Duration.ofMillis(150))) {
      if (r.ssrc() == ssrc) {
        last = r;
      }
    }
    return last;
  }

  /** Adds a participant and, when it has sources, publishes them (not yet connected). */
  public Member join(String id, MediaPermissions permissions, TrackSource... sources)
      throws MediaException {
    return join(id, permissions, clientOptions, clientOptions, sources);
  }

  /** As {@link #join(String, MediaPermissions, TrackSource...)} with each connection's options. */
  public Member join(
      String id,
      MediaPermissions permissions,
      ClientOptions publisherOptions,
      ClientOptions subscriberOptions,
      TrackSource... sources)
      throws MediaException {
    Member m = new Member(id);
    m.subscriberOptions = subscriberOptions.withLabel(id + "-sub");
    members.put(id, m);
    for (TrackSource s : sources) {
      m.sources.put(s, Source.of(s));
    }
    node.addPeer(ROOM, id, permissions);
    if (sources.length > 0) {
      m.publishOn(newClient(publisherOptions.withLabel(id + "-pub")));
    }
    return m;
  }

  /**
   * Adds a participant publishing its camera as simulcast encodings named {@code rids} (lowest
   * first), not yet connected. {@link Member#source} gives the highest encoding.
   */
  public Member joinSimulcast(String id, MediaPermissions permissions, String... rids)
      throws MediaException {
    Member m = new Member(id);
    m.subscriberOptions = clientOptions.withLabel(id + "-sub");
    members.put(id, m);
    List<Source> encodings = Source.simulcast(TrackSource.CAMERA, rids);
    m.layers.put(TrackSource.CAMERA, encodings);
    m.sources.put(TrackSource.CAMERA, encodings.get(encodings.size() - 1));
    node.addPeer(ROOM, id, permissions);
    m.publishOn(newClient(clientOptions.withLabel(id + "-pub")));
    return m;
  }

  /** A client peer the harness closes at the end. */
  public ClientPeer newClient(ClientOptions options) {
    ClientPeer p = new ClientPeer(options);
    clients.add(p);
    return p;
  }

  public ClientPeer newClient(String label) {
    return newClient(clientOptions.withLabel(label));
  }

  /**
   * Answers every subscribe offer the node has made, and the offers that follow from those answers,
   * as the signaling server and browsers would; connects new subscribe connections.
   */
  public void settle() throws MediaException {
    boolean any = true;
    while (any) {
      any = false;
      for (Member m : members.values()) {
        Offer o;
        while ((o = offers.computeIfAbsent(m.id, k -> new LinkedBlockingQueue<>()).poll())
            != null) {
          any = true;
          if (m.subscriber == null) {
            m.subscriber = newClient(m.subscriberOptions);
          }
          String answer = m.subscriber.answerSubscribeOffer(o.sdp());
          m.offered = o.tracks();
          node.subscribeAnswer(ROOM, m.id, answer);
          m.subscriber.connect();
        }
      }
    }
  }

  /** Waits until every member's connections have SRTP keys, on both sides. */
  public void awaitConnected() {
    for (Member m : members.values()) {
      if (m.publisher != null) {
        m.publisher.awaitConnected(WAIT);
      }
      if (m.subscriber != null) {
        m.subscriber.awaitConnected(WAIT);
      }
      awaitNode(
          m.id + " connected at the node",
          () -> {
            PeerStats s = m.stats();
            return (m.publisher == null || s.publishConnected())
                && (m.subscriber == null || s.subscribeConnected());
          });
    }
  }

  /** Polls {@code condition} every 10 ms until it holds, failing after {@link #WAIT}. */
  public static void awaitNode(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      sleep(10);
    }
  }

  public static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  /** No exception escaped the node's packet path or tasks. */
  public void assertNoHandlerErrors() {
    assertThat(node.transportCounters().handlerErrors()).as("handler errors").isZero();
  }

  @Override
  public void close() {
    for (ClientPeer p : clients) {
      p.close();
    }
    node.close();
  }
}
