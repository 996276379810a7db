package org.conclave.server.media;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.conclave.media.DropReason;
import org.conclave.media.MediaNode;
import org.conclave.media.NodeStats;
import org.conclave.media.PeerStats;
import org.conclave.media.RoomPeerStats;
import org.conclave.media.TransitTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Exports the media node's counters as Micrometer meters, which the Prometheus endpoint ({@code
 * /api/v1/actuator/prometheus}) serves; {@code docs/operations.md} lists the series and what to
 * alert on.
 *
 * <p>Node-wide: packets and bytes in and out, RTP forwarded, NACKs received, retransmissions,
 * keyframe requests, dropped packets by reason (every {@link DropReason}, zeros included, so that
 * an alert has a series to compare with before the first drop), and rooms, peers and transports
 * now; the time forwarded packets spent in the node (p50, p99, p99.9 and the longest over the last
 * {@link #TRANSIT_WINDOW_SECONDS} s, {@link #refreshTransit()}). Per peer, tagged {@code meeting}
 * (the media room id) and {@code participant} (the participant id, never a name): packets and bytes
 * in and out, packets lost, NACKs, PLI/FIR and round-trip time.
 *
 * <p>Peers come and go, so their meters do too: {@link #refreshPeers()}, every {@link
 * #PEER_REFRESH_SECONDS} seconds, registers meters for peers that joined and removes those of peers
 * that left, and the registry holds only live peers.
 *
 * <p>The media loop forwards packets; reading counters must not load it. However many meters a
 * scrape reads, {@link MediaNode#stats()} and {@link MediaNode#allPeerStats()} are each called at
 * most once per {@link #MAX_AGE}; a read that fails keeps the last values. Thread-safe: scrapes and
 * the refresh may run at the same time on any threads.
 */
class MediaMetrics implements MeterBinder {

  /** How old a snapshot of the node's counters may be before a read takes a new one. */
  static final Duration MAX_AGE = Duration.ofSeconds(1);

  /** How often peers' meters follow the peers. */
  static final long PEER_REFRESH_SECONDS = 5;

  /** The window the transit-time gauges describe: the last this many seconds. */
  static final long TRANSIT_WINDOW_SECONDS = 10;

  static final String MEETING = "meeting";
  static final String PARTICIPANT = "participant";

  private static final Logger log = LoggerFactory.getLogger(MediaMetrics.class);
  private static final NodeStats NOTHING_YET =
      new NodeStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());

  private final MediaNode media;
  private final Cached<NodeStats> node;
  private final Cached<Map<PeerKey, PeerStats>> peers;
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  private final Map<PeerKey, PeerMeters> peerMeters = new HashMap<>(); // guarded by this
  private TransitTimes.Snapshot transitMark; // guarded by this
  private volatile TransitTimes.Summary transitWindow = TransitTimes.Snapshot.empty().since(null);

  /**
   * @param media the node to read
   * @param nanoTime a monotonic clock in nanoseconds (snapshot ages), {@code System::nanoTime}
   *     outside tests
   */
  MediaMetrics(MediaNode media, LongSupplier nanoTime) {
    this.media = media;
    this.node = new Cached<>("node", media::stats, NOTHING_YET, nanoTime);
    this.peers = new Cached<>("peer", () -> byPeer(media.allPeerStats()), Map.of(), nanoTime);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    nodeInOut(
        registry,
        "conclave.media.packets",
        "packets",
        "Datagrams",
        NodeStats::packetsIn,
        NodeStats::packetsOut);
    nodeInOut(
        registry,
        "conclave.media.bytes",
        "bytes",
        "Datagram bytes",
        NodeStats::bytesIn,
        NodeStats::bytesOut);
    nodeCounter(
        registry,
        "conclave.media.rtp.forwarded",
        null,
        "RTP packets forwarded to subscribers",
        NodeStats::rtpForwarded);
    nodeCounter(
        registry,
        "conclave.media.nacks.received",
        null,
        "NACK feedback packets received from subscribers",
        NodeStats::nacksReceived);
    nodeCounter(
        registry,
        "conclave.media.retransmissions",
        null,
        "Packets resent from the packet cache in answer to NACKs",
        NodeStats::retransmissions);
    nodeCounter(
        registry,
        "conclave.media.nacks.sent",
        null,
        "NACKs sent to publishers for packets their uplink lost",
        NodeStats::nacksSent);
    nodeCounter(
        registry,
        "conclave.media.keyframe.requests",
        null,
        "PLI/FIR sent to publishers, after rate limiting",
        NodeStats::keyframeRequests);
    for (DropReason reason : DropReason.values()) {
      nodeCounter(
          registry,
          "conclave.media.dropped",
          null,
          "Packets the media node dropped, by reason",
          s -> s.drops().getOrDefault(reason, 0L),
          "reason",
          reason.name());
    }
    nodeGauge(registry, "conclave.media.rooms", "Open media rooms", NodeStats::rooms);
    nodeGauge(registry, "conclave.media.peers", "Peers in open media rooms", NodeStats::peers);
    nodeGauge(
        registry,
        "conclave.media.transports",
        "Peer transports (two per participant at most)",
        NodeStats::transports);
    transitGauge(registry, "0.5", TransitTimes.Summary::p50Micros);
    transitGauge(registry, "0.99", TransitTimes.Summary::p99Micros);
    transitGauge(registry, "0.999", TransitTimes.Summary::p999Micros);
    Gauge.builder("conclave.media.transit.max", this, m -> m.transitWindow.maxMicros() / 1e6)
        .description(
            "The longest time a forwarded packet spent in the media node in the last "
                + TRANSIT_WINDOW_SECONDS
                + " s")
        .baseUnit("seconds")
        .register(registry);
    synchronized (this) {
      registries.add(registry);
      for (PeerMeters m : peerMeters.values()) {
        m.registerIn(registry);
      }
    }
  }

  /**
   * Registers meters for peers that joined since the last call and removes those of peers that
   * left. Runs on Spring's scheduler; tests may call it.
   */
  @Scheduled(fixedDelay = PEER_REFRESH_SECONDS, timeUnit = TimeUnit.SECONDS)
  synchronized void refreshPeers() {
    Map<PeerKey, PeerStats> now = peers.get();
    for (Iterator<PeerMeters> it = peerMeters.values().iterator(); it.hasNext(); ) {
      PeerMeters m = it.next();
      if (!now.containsKey(m.key)) {
        m.removeFromRegistries();
        it.remove();
      }
    }
    for (Map.Entry<PeerKey, PeerStats> e : now.entrySet()) {
      if (!peerMeters.containsKey(e.getKey())) {
        PeerMeters m = new PeerMeters(e.getKey(), e.getValue());
        for (MeterRegistry registry : registries) {
          m.registerIn(registry);
        }
        peerMeters.put(e.getKey(), m);
      }
    }
  }

  /**
   * Takes the transit times forwarded since the last call as the window the transit gauges show.
   * Runs on Spring's scheduler; tests may call it.
   */
  @Scheduled(fixedRate = TRANSIT_WINDOW_SECONDS, timeUnit = TimeUnit.SECONDS)
  synchronized void refreshTransit() {
    TransitTimes.Snapshot now;
    try {
      now = media.transitTimes();
    } catch (RuntimeException e) {
      log.debug("media transit times unavailable: {}", e.getMessage());
      return;
    }
    transitWindow = now.since(transitMark);
    transitMark = now;
  }

  private void transitGauge(
      MeterRegistry registry, String quantile, ToDoubleFunction<TransitTimes.Summary> micros) {
    Gauge.builder("conclave.media.transit", this, m -> micros.applyAsDouble(m.transitWindow) / 1e6)
        .description(
            "Time forwarded packets spent in the media node (datagram read to copy sent), at this"
                + " quantile of the last "
                + TRANSIT_WINDOW_SECONDS
                + " s; NaN when nothing was forwarded")
        .baseUnit("seconds")
        .tags("quantile", quantile)
        .register(registry);
  }

  /** Two series of one counter, tagged direction=in and direction=out. */
  private void nodeInOut(
      MeterRegistry registry,
      String name,
      String unit,
      String what,
      ToDoubleFunction<NodeStats> in,
      ToDoubleFunction<NodeStats> out) {
    String description = what + " received (in) and sent (out) on the media port";
    nodeCounter(registry, name, unit, description, in, "direction", "in");
    nodeCounter(registry, name, unit, description, out, "direction", "out");
  }

  private void nodeCounter(
      MeterRegistry registry,
      String name,
      String unit,
      String description,
      ToDoubleFunction<NodeStats> value,
      String... tags) {
    FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.node.get()))
        .description(description)
        .baseUnit(unit)
        .tags(tags)
        .register(registry);
  }

  private void nodeGauge(
      MeterRegistry registry, String name, String description, ToDoubleFunction<NodeStats> value) {
    Gauge.builder(name, this, m -> value.applyAsDouble(m.node.get()))
        .description(description)
        .register(registry);
  }

  private static Map<PeerKey, PeerStats> byPeer(List<RoomPeerStats> all) {
    Map<PeerKey, PeerStats> map = new HashMap<>();
    for (RoomPeerStats s : all) {
      map.put(new PeerKey(s.roomId(), s.peerId()), s.stats());
    }
    return Map.copyOf(map);
  }

  private record PeerKey(String roomId, String peerId) {}

  /**
   * One peer's meters in every registry. A peer that left keeps its last values until the next
   * refresh removes its meters, rather than dropping to zero (which Prometheus would read as a
   * counter reset).
   */
  private final class PeerMeters {
    private final PeerKey key;
    private final List<Removal> registered = new ArrayList<>();
    private volatile PeerStats last;

    PeerMeters(PeerKey key, PeerStats first) {
      this.key = key;
      this.last = first;
    }

    double read(ToDoubleFunction<PeerStats> value) {
      PeerStats now = peers.get().get(key);
      if (now != null) {
        last = now;
      }
      return value.applyAsDouble(last);
    }

    void registerIn(MeterRegistry registry) {
      inOut(
          registry,
          "conclave.media.peer.packets",
          "packets",
          "Packets",
          PeerStats::packetsIn,
          PeerStats::packetsOut);
      inOut(
          registry,
          "conclave.media.peer.bytes",
          "bytes",
          "Bytes",
          PeerStats::bytesIn,
          PeerStats::bytesOut);
      counter(registry, "conclave.media.peer.nacks", null, "NACKs the peer sent", PeerStats::nacks);
      counter(registry, "conclave.media.peer.plis", null, "PLI/FIR the peer sent", PeerStats::plis);
      // A gauge, not a counter: the RFC 3550 cumulative loss goes down when late packets arrive
      // and when a track stops, and a counter that goes down reads as a reset.
      gauge(
          registry,
          "conclave.media.peer.lost",
          "packets",
          "Packets of the peer's published tracks lost on the way to the node (RFC 3550"
              + " cumulative)",
          PeerStats::lost);
      gauge(
          registry,
          "conclave.media.peer.rtt",
          "seconds",
          "Round-trip time to the peer from its receiver reports; NaN while unknown",
          s -> s.rttMillis() < 0 ? Double.NaN : s.rttMillis() / 1000);
    }

    private void inOut(
        MeterRegistry registry,
        String name,
        String unit,
        String what,
        ToDoubleFunction<PeerStats> in,
        ToDoubleFunction<PeerStats> out) {
      String description = what + " received from the peer (in) and sent to it (out)";
      counter(registry, name, unit, description, in, "direction", "in");
      counter(registry, name, unit, description, out, "direction", "out");
    }

    private void counter(
        MeterRegistry registry,
        String name,
        String unit,
        String description,
        ToDoubleFunction<PeerStats> value,
        String... tags) {
      FunctionCounter c =
          FunctionCounter.builder(name, this, m -> m.read(value))
              .description(description)
              .baseUnit(unit)
              .tags(peerTags())
              .tags(tags)
              .register(registry);
      registered.add(new Removal(registry, c));
    }

    private void gauge(
        MeterRegistry registry,
        String name,
        String unit,
        String description,
        ToDoubleFunction<PeerStats> value) {
      Gauge g =
          Gauge.builder(name, this, m -> m.read(value))
              .description(description)
              .baseUnit(unit)
              .tags(peerTags())
              .register(registry);
      registered.add(new Removal(registry, g));
    }

    private Tags peerTags() {
      return Tags.of(MEETING, key.roomId(), PARTICIPANT, key.peerId());
    }

    void removeFromRegistries() {
      for (Removal r : registered) {
        r.registry().remove(r.meter());
      }
      registered.clear();
    }
  }

  private record Removal(MeterRegistry registry, Meter meter) {}

  /**
   * The last value read from the node, read again when older than {@link #MAX_AGE}. Concurrent
   * callers wait for the one read in progress rather than start their own.
   */
  private static final class Cached<T> {
    private final String what;
    private final Supplier<T> read;
    private final LongSupplier nanoTime;
    private T value;
    private boolean everRead;
    private long readAt;
    private boolean failing;

    Cached(String what, Supplier<T> read, T initial, LongSupplier nanoTime) {
      this.what = what;
      this.read = read;
      this.value = initial;
      this.nanoTime = nanoTime;
    }

    synchronized T get() {
      long now = nanoTime.getAsLong();
      if (everRead && now - readAt < MAX_AGE.toNanos()) {
        return value;
      }
      everRead = true;
      readAt = now;
      try {
        value = read.get();
        failing = false;
      } catch (RuntimeException e) {
        // Logged once per outage, not once per scrape: the metrics keep their last values.
        if (!failing) {
          log.warn(
              "Media {} counters could not be read; keeping the last values: {}",
              what,
              e.getMessage());
        }
        failing = true;
      }
      return value;
    }
  }
}
