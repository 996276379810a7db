package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.conclave.media.MediaListener;
import org.conclave.media.MediaPermissions;
import org.conclave.media.NodeStats;
import org.conclave.media.TrackSource;
import org.conclave.media.sdp.MediaDescription;
import org.conclave.media.sdp.Sdp;
import org.conclave.media.testpeer.WebRtcPeer;
import org.conclave.media.testpeer.WebRtcTest;
import org.conclave.media.transport.TransportSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The first load figure (docs/benchmarks.md, "SFU under real WebRTC load"): K libwebrtc
 * participants (webrtc-java) each publish synthetic audio and video through the SFU and subscribe
 * to everyone else, on loopback in a network namespace; after a warm-up the node's CPU time per
 * forwarded packet is measured from its transport thread's own CPU clock (the thread that does all
 * forwarding) over a fixed window.
 *
 * <p>A benchmark, not a test: it runs only when asked, with
 *
 * <pre>
 * ./mvnw -pl media test-compile surefire:test@webrtc -Dtest=SfuLoadFigure \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dconclave.load=true [-Dconclave.load.participants=4]
 * </pre>
 *
 * and prints one line starting with {@code LOAD FIGURE}.
 */
@WebRtcTest
@EnabledIfSystemProperty(named = "conclave.load", matches = "true")
class SfuLoadFigure {

  private static final String ROOM = "load";

  @Test
  void cpuTimePerForwardedPacket() throws Exception {
    int k = Integer.getInteger("conclave.load.participants", 4);
    Duration warmUp = Duration.ofSeconds(Integer.getInteger("conclave.load.warmup", 10));
    Duration window = Duration.ofSeconds(Integer.getInteger("conclave.load.seconds", 20));
    InetAddress lo6 = InetAddress.getByName("::1");
    Map<String, LinkedBlockingQueue<String>> offers = new ConcurrentHashMap<>();
    List<WebRtcPeer> peers = new ArrayList<>();
    try (SfuNode node =
        new SfuNode(
            new TransportSettings(
                lo6, 0, List.of(lo6), false, TransportSettings.DEFAULT_CONSENT_TIMEOUT, 64, 400))) {
      node.setListener(
          new MediaListener() {
            @Override
            public void subscribeOffer(
                String roomId, String peerId, String sdp, List<OfferedTrack> tracks) {
              offers.computeIfAbsent(peerId, x -> new LinkedBlockingQueue<>()).add(sdp);
            }
          });
      Map<String, WebRtcPeer> subscribers = new LinkedHashMap<>();
      for (int i = 0; i < k; i++) {
        String id = "p" + i;
        node.addPeer(ROOM, id, new MediaPermissions(true, true, false));
        WebRtcPeer pub = WebRtcPeer.publisher(id);
        WebRtcPeer sub = WebRtcPeer.subscriber(id + "-sub");
        peers.add(pub);
        peers.add(sub);
        subscribers.put(id, sub);
        pub.publish();
        String offer = pub.createOffer();
        Map<String, TrackSource> sources = new LinkedHashMap<>();
        for (MediaDescription m : Sdp.parse(offer).media()) {
          sources.put(
              m.attribute("mid"),
              m.kind().equals("audio") ? TrackSource.MICROPHONE : TrackSource.CAMERA);
        }
        pub.setRemoteAnswer(node.publish(ROOM, id, offer, sources));
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < until) {
        for (var e : subscribers.entrySet()) {
          LinkedBlockingQueue<String> q =
              offers.computeIfAbsent(e.getKey(), x -> new LinkedBlockingQueue<>());
          String sdp;
          while ((sdp = q.poll(50, TimeUnit.MILLISECONDS)) != null) {
            node.subscribeAnswer(ROOM, e.getKey(), e.getValue().answer(sdp));
          }
        }
      }
      Thread.sleep(warmUp.toMillis());

      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long loopThread = loopThreadId();
      NodeStats before = node.stats();
      long cpuBefore = threads.getThreadCpuTime(loopThread);
      long wallBefore = System.nanoTime();
      Thread.sleep(window.toMillis());
      long cpuAfter = threads.getThreadCpuTime(loopThread);
      long wallAfter = System.nanoTime();
      NodeStats after = node.stats();

      long forwarded = after.rtpForwarded() - before.rtpForwarded();
      long packetsIn = after.packetsIn() - before.packetsIn();
      long packetsOut = after.packetsOut() - before.packetsOut();
      double seconds = (wallAfter - wallBefore) / 1e9;
      double cpuMillis = (cpuAfter - cpuBefore) / 1e6;
      double nsPerForwarded =
          forwarded == 0 ? Double.NaN : (double) (cpuAfter - cpuBefore) / forwarded;
      System.out.printf(
          "LOAD FIGURE participants=%d window=%.1fs datagrams_in/s=%.0f datagrams_out/s=%.0f"
              + " rtp_forwarded/s=%.0f loop_cpu=%.0fms (%.1f%% of a core)"
              + " cpu_ns_per_forwarded_packet=%.0f drops=%s%n",
          k,
          seconds,
          packetsIn / seconds,
          packetsOut / seconds,
          forwarded / seconds,
          cpuMillis,
          100 * cpuMillis / (seconds * 1000),
          nsPerForwarded,
          after.drops());
      assertThat(forwarded).as("packets were forwarded").isGreaterThan(0);
    } finally {
      peers.forEach(WebRtcPeer::close);
    }
  }

  private static long loopThreadId() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("conclave-media-loop")) {
        return t.getId();
      }
    }
    throw new IllegalStateException("no media loop thread");
  }
}
