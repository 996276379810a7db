package org.conclave.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Predicate;
import org.conclave.media.DropReason;
import org.conclave.media.MediaNode;
import org.conclave.media.MediaPermissions;
import org.conclave.media.sfu.SfuNode;
import org.conclave.server.account.Role;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The media node's series on the Prometheus endpoint, read as an administrator's monitoring. */
class MediaMetricsApiTest extends ApiTest {

  private static final Duration PATIENCE = Duration.ofSeconds(15);

  @Autowired MediaNode media;

  @Test
  void prometheusListsTheNodeSeriesAndEveryDropReason() {
    String text = scrape(admin());

    assertThat(text)
        .contains("conclave_media_packets_total{direction=\"in\"}")
        .contains("conclave_media_packets_total{direction=\"out\"}")
        .contains("conclave_media_bytes_total{direction=\"in\"}")
        .contains("conclave_media_bytes_total{direction=\"out\"}")
        .contains("conclave_media_rtp_forwarded_total ")
        .contains("conclave_media_nacks_received_total ")
        .contains("conclave_media_retransmissions_total ")
        .contains("conclave_media_keyframe_requests_total ")
        .contains("conclave_media_rooms ")
        .contains("conclave_media_peers ")
        .contains("conclave_media_transports ");
    for (DropReason reason : DropReason.values()) {
      assertThat(text).contains("conclave_media_dropped_total{reason=\"" + reason + "\"}");
    }
  }

  @Test
  void garbageOnTheMediaPortIsCountedAsNotDemultiplexable() throws Exception {
    Browser admin = admin();
    String series = "conclave_media_dropped_total{reason=\"NOT_DEMULTIPLEXABLE\"}";
    double before = value(scrape(admin), series);

    // 0x40 starts none of STUN, DTLS or RTP/RTCP (RFC 7983 §7): a TURN channel, which we do not
    // serve.
    byte[] garbage = {0x40, 0x00, 0x00, 0x04, 1, 2, 3, 4};
    int port = ((SfuNode) media).port();
    try (DatagramSocket socket = new DatagramSocket()) {
      for (int i = 0; i < 3; i++) {
        socket.send(
            new DatagramPacket(garbage, garbage.length, InetAddress.getLoopbackAddress(), port));
      }
    }

    String after = awaitScrape(admin, t -> value(t, series) >= before + 3);
    assertThat(value(after, series)).isEqualTo(before + 3);
    assertThat(value(after, "conclave_media_packets_total{direction=\"in\"}")).isPositive();
  }

  @Test
  void aPeerHasSeriesWhileItIsInTheNodeAndNoneAfter() throws Exception {
    Browser admin = admin();
    String room = "meeting-metrics-" + newUsername("room");
    String peer = newUsername("peer");
    String tags = "meeting=\"" + room + "\",participant=\"" + peer + "\"";

    media.addPeer(room, peer, MediaPermissions.NONE);
    String during = awaitScrape(admin, t -> t.contains(tags));

    assertThat(during)
        .contains("conclave_media_peer_packets_total{direction=\"in\"," + tags + "} 0.0")
        .contains("conclave_media_peer_bytes_total{direction=\"out\"," + tags + "} 0.0")
        .contains("conclave_media_peer_lost_packets{" + tags + "} 0.0")
        .contains("conclave_media_peer_nacks_total{" + tags + "} 0.0")
        .contains("conclave_media_peer_plis_total{" + tags + "} 0.0")
        .contains("conclave_media_peer_rtt_seconds{" + tags + "} NaN");

    media.removePeer(room, peer);
    media.closeRoom(room);
    String after = awaitScrape(admin, t -> !t.contains(tags));
    assertThat(after).doesNotContain(peer);
  }

  // ---- helpers ----

  private Browser admin() {
    return signedIn(createUser(newUsername("monitor"), Role.ADMIN));
  }

  private static String scrape(Browser b) {
    var r =
        b.send(b.request("/api/v1/actuator/prometheus").setHeader("Accept", "text/plain").GET());
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.body();
  }

  /** Scrapes until the text satisfies the condition (peers' meters follow every few seconds). */
  private static String awaitScrape(Browser b, Predicate<String> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    String text = scrape(b);
    while (!condition.test(text)) {
      assertThat(System.nanoTime()).as("waited %s for the metrics", PATIENCE).isLessThan(deadline);
      Thread.sleep(250);
      text = scrape(b);
    }
    return text;
  }

  /** The sample of one series (name and labels exactly as written), or NaN when absent. */
  private static double value(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).split(" ")[0]);
      }
    }
    return Double.NaN;
  }
}
