package org.conclave.server.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.conclave.media.DropReason;
import org.conclave.media.NodeStats;
import org.conclave.media.RoomPeerStats;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What {@link MediaMetrics} exports, how often it reads the node, and how peers' meters follow. */
class MediaMetricsTest {

  private final FakeMediaNode node = new FakeMediaNode();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final MediaMetrics metrics = new MediaMetrics(node, nanos::get);
  private final MeterRegistry registry = new SimpleMeterRegistry();

  @BeforeEach
  void bind() {
    node.stats =
        new NodeStats(
            2,
            5,
            9,
            100,
            10_000,
            200,
            20_000,
            150,
            4,
            3,
            6,
            7,
            Map.of(DropReason.SRTP_REFUSED, 8L));
    metrics.bindTo(registry);
  }

  private void oneSecondLater() {
    nanos.addAndGet(MediaMetrics.MAX_AGE.toNanos());
  }

  private double counter(String name, String... tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }

  private double gauge(String name, String... tags) {
    return registry.get(name).tags(tags).gauge().value();
  }

  @Test
  void exportsTheNodeCounters() {
    assertThat(counter("conclave.media.packets", "direction", "in")).isEqualTo(100);
    assertThat(counter("conclave.media.bytes", "direction", "in")).isEqualTo(10_000);
    assertThat(counter("conclave.media.packets", "direction", "out")).isEqualTo(200);
    assertThat(counter("conclave.media.bytes", "direction", "out")).isEqualTo(20_000);
    assertThat(counter("conclave.media.rtp.forwarded")).isEqualTo(150);
    assertThat(counter("conclave.media.nacks.received")).isEqualTo(4);
    assertThat(counter("conclave.media.retransmissions")).isEqualTo(3);
    assertThat(counter("conclave.media.nacks.sent")).isEqualTo(7);
    assertThat(counter("conclave.media.keyframe.requests")).isEqualTo(6);
    assertThat(gauge("conclave.media.rooms")).isEqualTo(2);
    assertThat(gauge("conclave.media.peers")).isEqualTo(5);
    assertThat(gauge("conclave.media.transports")).isEqualTo(9);
  }

  @Test
  void everyDropReasonHasASeriesZerosIncluded() {
    assertThat(registry.get("conclave.media.dropped").functionCounters())
        .hasSize(DropReason.values().length);
    assertThat(counter("conclave.media.dropped", "reason", "SRTP_REFUSED")).isEqualTo(8);
    assertThat(counter("conclave.media.dropped", "reason", "NOT_DEMULTIPLEXABLE")).isZero();
  }

  @Test
  void readingEveryMeterAsksTheNodeOncePerSecondAtMost() {
    registry.getMeters().forEach(m -> m.measure().forEach(x -> x.getValue()));
    registry.getMeters().forEach(m -> m.measure().forEach(x -> x.getValue()));
    assertThat(node.statsCalls).isEqualTo(1);

    node.stats = new NodeStats(0, 0, 0, 101, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());
    assertThat(counter("conclave.media.packets", "direction", "in")).isEqualTo(100);
    oneSecondLater();
    assertThat(counter("conclave.media.packets", "direction", "in")).isEqualTo(101);
    assertThat(node.statsCalls).isEqualTo(2);
  }

  @Test
  void aFailedReadKeepsTheLastValuesAndIsNotRetriedWithinTheSecond() {
    assertThat(counter("conclave.media.packets", "direction", "in")).isEqualTo(100);
    oneSecondLater();
    node.failing = true;

    assertThat(counter("conclave.media.packets", "direction", "in")).isEqualTo(100);
    assertThat(gauge("conclave.media.rooms")).isEqualTo(2);
    assertThat(node.statsCalls).isEqualTo(2);
  }

  @Test
  void aPeerGetsMetersTaggedWithMeetingAndParticipantOnceItJoins() {
    node.peers = List.of(new RoomPeerStats("meeting-7-ab", "p1", FakeMediaNode.peer(40, 2, 25)));
    assertThat(registry.find("conclave.media.peer.packets").meters()).isEmpty();

    metrics.refreshPeers();

    String[] p1 = {"meeting", "meeting-7-ab", "participant", "p1"};
    assertThat(
            registry
                .get("conclave.media.peer.packets")
                .tags(p1)
                .tag("direction", "in")
                .functionCounter()
                .count())
        .isEqualTo(40);
    assertThat(
            registry
                .get("conclave.media.peer.packets")
                .tags(p1)
                .tag("direction", "out")
                .functionCounter()
                .count())
        .isEqualTo(80);
    assertThat(
            registry
                .get("conclave.media.peer.bytes")
                .tags(p1)
                .tag("direction", "in")
                .functionCounter()
                .count())
        .isEqualTo(40_000);
    assertThat(
            registry
                .get("conclave.media.peer.bytes")
                .tags(p1)
                .tag("direction", "out")
                .functionCounter()
                .count())
        .isEqualTo(80_000);
    assertThat(counter("conclave.media.peer.nacks", p1)).isEqualTo(7);
    assertThat(counter("conclave.media.peer.plis", p1)).isEqualTo(3);
    assertThat(gauge("conclave.media.peer.lost", p1)).isEqualTo(2);
    assertThat(gauge("conclave.media.peer.rtt", p1)).isEqualTo(0.025);
  }

  @Test
  void anUnknownRoundTripTimeIsNotANumber() {
    node.peers = List.of(new RoomPeerStats("m", "p1", FakeMediaNode.peer(1, 0, -1)));
    metrics.refreshPeers();

    assertThat(gauge("conclave.media.peer.rtt", "participant", "p1")).isNaN();
  }

  @Test
  void lossThatGoesDownIsAGaugeSoNoResetIsSeen() {
    node.peers = List.of(new RoomPeerStats("m", "p1", FakeMediaNode.peer(1, 5, -1)));
    metrics.refreshPeers();
    oneSecondLater();
    node.peers = List.of(new RoomPeerStats("m", "p1", FakeMediaNode.peer(2, 3, -1)));

    assertThat(gauge("conclave.media.peer.lost", "participant", "p1")).isEqualTo(3);
  }

  @Test
  void aPeerThatLeftLosesItsMetersAtTheNextRefresh() {
    node.peers =
        List.of(
            new RoomPeerStats("m", "p1", FakeMediaNode.peer(10, 0, -1)),
            new RoomPeerStats("m", "p2", FakeMediaNode.peer(20, 0, -1)));
    metrics.refreshPeers();
    int perPeer = registry.find("conclave.media.peer.packets").meters().size() / 2;
    oneSecondLater();
    node.peers = List.of(new RoomPeerStats("m", "p2", FakeMediaNode.peer(21, 0, -1)));

    // Until the refresh, its last values (a drop to zero would read as a counter reset).
    assertThat(counter("conclave.media.peer.nacks", "participant", "p1")).isEqualTo(7);
    metrics.refreshPeers();

    assertThat(registry.getMeters())
        .noneMatch(m -> "p1".equals(m.getId().getTag("participant")))
        .anyMatch(m -> "p2".equals(m.getId().getTag("participant")));
    assertThat(registry.find("conclave.media.peer.packets").meters()).hasSize(perPeer);
  }

  @Test
  void theSameParticipantInAnotherMeetingIsAnotherSeries() {
    node.peers =
        List.of(
            new RoomPeerStats("m1", "p1", FakeMediaNode.peer(10, 0, -1)),
            new RoomPeerStats("m2", "p1", FakeMediaNode.peer(20, 0, -1)));
    metrics.refreshPeers();

    assertThat(counter("conclave.media.peer.nacks", "meeting", "m1", "participant", "p1"))
        .isEqualTo(7);
    assertThat(registry.find("conclave.media.peer.nacks").meters()).hasSize(2);
  }

  @Test
  void transitTimesOfTheLastWindowAreExportedInSeconds() {
    for (int i = 1; i <= 1000; i++) {
      node.transit.record(i * 1_000L); // 1 µs to 1 ms
    }
    metrics.refreshTransit();

    assertThat(gauge("conclave.media.transit", "quantile", "0.5")).isCloseTo(500e-6, within(1e-6));
    assertThat(gauge("conclave.media.transit", "quantile", "0.99")).isCloseTo(990e-6, within(2e-6));
    assertThat(gauge("conclave.media.transit.max")).isCloseTo(1e-3, within(2e-6));
  }

  @Test
  void theNextTransitWindowHoldsOnlyWhatWasForwardedAfterThePrevious() {
    node.transit.record(1_000L);
    metrics.refreshTransit();
    node.transit.record(5_000_000L);
    metrics.refreshTransit();

    assertThat(gauge("conclave.media.transit", "quantile", "0.5")).isCloseTo(5e-3, within(1e-5));
  }

  @Test
  void transitGaugesAreNotANumberWhileNothingIsForwarded() {
    metrics.refreshTransit();

    assertThat(gauge("conclave.media.transit", "quantile", "0.99")).isNaN();
    assertThat(gauge("conclave.media.transit.max")).isNaN();
  }

  @Test
  void prometheusNamesFollowTheMicrometerConvention() {
    PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics.bindTo(prometheus);
    node.peers = List.of(new RoomPeerStats("m", "p1", FakeMediaNode.peer(1, 0, 12)));
    metrics.refreshPeers();

    String text = prometheus.scrape();

    assertThat(text)
        .contains("conclave_media_packets_total{direction=\"in\"} 100.0")
        .contains("conclave_media_bytes_total{direction=\"out\"} 20000.0")
        .contains("conclave_media_rtp_forwarded_total 150.0")
        .contains("conclave_media_nacks_received_total 4.0")
        .contains("conclave_media_retransmissions_total 3.0")
        .contains("conclave_media_keyframe_requests_total 6.0")
        .contains("conclave_media_dropped_total{reason=\"NOT_DEMULTIPLEXABLE\"} 0.0")
        .contains("conclave_media_rooms 2.0")
        .contains("conclave_media_peers 5.0")
        .contains("conclave_media_transports 9.0")
        .contains("conclave_media_transit_seconds{quantile=\"0.99\"}")
        .contains("conclave_media_transit_max_seconds")
        .contains(
            "conclave_media_peer_packets_total{direction=\"in\",meeting=\"m\",participant=\"p1\"}"
                + " 1.0")
        .contains("conclave_media_peer_lost_packets{meeting=\"m\",participant=\"p1\"} 0.0")
        .contains("conclave_media_peer_rtt_seconds{meeting=\"m\",participant=\"p1\"} 0.012")
        .contains("conclave_media_peer_nacks_total{meeting=\"m\",participant=\"p1\"} 7.0")
        .contains("conclave_media_peer_plis_total{meeting=\"m\",participant=\"p1\"} 3.0");
  }
}
