package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.conclave.media.MediaListener;
import org.conclave.media.MediaPermissions;
import org.conclave.media.TrackSource;
import org.conclave.media.sfu.SfuNode;
import org.conclave.media.transport.TransportSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our SFU with real Chromium peers and nothing else of Conclave: the test carries the SDP between
 * the page and the node (through Selenium), so a failure here is the media plane's. Each page
 * publishes its fake camera and microphone and subscribes to everyone else.
 */
class SfuMediaTest extends BrowserTest {

  private SfuNode node;
  private final Map<String, LinkedBlockingQueue<String>> offers = new ConcurrentHashMap<>();

  @BeforeEach
  void startNode() {
    node = new SfuNode(TransportSettings.loopback(0).withConsentTimeout(Duration.ofSeconds(6)));
    node.setListener(
        new MediaListener() {
          @Override
          public void subscribeOffer(
              String roomId, String peerId, String sdp, List<OfferedTrack> tracks) {
            offers.computeIfAbsent(peerId, k -> new LinkedBlockingQueue<>()).add(sdp);
          }
        });
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  private static final String PUBLISH =
      """
      const done = arguments[arguments.length - 1];
      (async () => {
        const s = await navigator.mediaDevices.getUserMedia({audio: true, video: {width: 320, height: 240}});
        window.pub = new RTCPeerConnection();
        const a = pub.addTransceiver(s.getAudioTracks()[0], {direction: 'sendonly'});
        const v = pub.addTransceiver(s.getVideoTracks()[0], {direction: 'sendonly'});
        const offer = await pub.createOffer();
        await pub.setLocalDescription(offer);
        done({sdp: pub.localDescription.sdp, audio: a.mid, video: v.mid});
      })().catch(e => done({error: String(e)}));
      """;

  private static final String ANSWER_PUBLISH =
      """
      const done = arguments[arguments.length - 1];
      pub.setRemoteDescription({type: 'answer', sdp: arguments[0]})
        .then(() => done('ok'), e => done(String(e)));
      """;

  private static final String SUBSCRIBE =
      """
      const done = arguments[arguments.length - 1];
      (async () => {
        if (!window.sub) {
          window.sub = new RTCPeerConnection();
          // Chromium pulls remote audio only for a playing sink.
          sub.ontrack = e => {
            if (e.track.kind === 'audio') {
              const el = new Audio();
              el.srcObject = new MediaStream([e.track]);
              el.play().catch(() => {});
              (window.sinks = window.sinks || []).push(el);
            }
          };
        }
        await sub.setRemoteDescription({type: 'offer', sdp: arguments[0]});
        const answer = await sub.createAnswer();
        await sub.setLocalDescription(answer);
        done(sub.localDescription.sdp);
      })().catch(e => done('error: ' + e));
      """;

  private static final String INBOUND =
      """
      const done = arguments[arguments.length - 1];
      if (!window.sub) { done({video: 0, audio: 0}); return; }
      sub.getStats().then(stats => {
        let video = 0, audio = 0;
        stats.forEach(r => {
          if (r.type === 'inbound-rtp' && r.kind === 'video') video += r.framesDecoded || 0;
          if (r.type === 'inbound-rtp' && r.kind === 'audio') audio += r.totalSamplesReceived || 0;
        });
        done({video, audio, pub: window.pub ? pub.iceConnectionState : 'none', sub: sub.iceConnectionState});
      });
      """;

  @Test
  void twoChromiumPeersDecodeEachOthersVideoAndAudioThroughTheSfu() throws Exception {
    Chrome a = chrome("en");
    Chrome b = chrome("en");
    open(a, "/sign-in");
    open(b, "/sign-in");
    MediaPermissions all = new MediaPermissions(true, true, false);
    node.addPeer("room", "a", all);
    node.addPeer("room", "b", all);
    publish(a, "a");
    publish(b, "b");
    answerOffers(Map.of("a", a, "b", b), Duration.ofSeconds(10));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Map<?, ?> sa = Map.of();
    Map<?, ?> sb = Map.of();
    while (System.nanoTime() < deadline) {
      answerOffers(Map.of("a", a, "b", b), Duration.ZERO);
      sa = (Map<?, ?>) a.async(INBOUND);
      sb = (Map<?, ?>) b.async(INBOUND);
      if (num(sa.get("video")) > 10
          && num(sb.get("video")) > 10
          && num(sa.get("audio")) > 4800
          && num(sb.get("audio")) > 4800) {
        break;
      }
      Thread.sleep(250);
    }
    assertThat(num(sa.get("video")))
        .as("a decodes b's video: %s / %s", sa, node.stats())
        .isGreaterThan(10);
    assertThat(num(sb.get("video"))).as("b decodes a's video: %s", sb).isGreaterThan(10);
    assertThat(num(sa.get("audio"))).as("a hears b: %s", sa).isGreaterThan(4800);
    assertThat(num(sb.get("audio"))).as("b hears a: %s", sb).isGreaterThan(4800);
  }

  private void publish(Chrome c, String peer) throws Exception {
    Map<?, ?> r = (Map<?, ?>) c.async(PUBLISH);
    assertThat(r.get("error")).isNull();
    String answer =
        node.publish(
            "room",
            peer,
            (String) r.get("sdp"),
            Map.of(
                (String) r.get("audio"), TrackSource.MICROPHONE,
                (String) r.get("video"), TrackSource.CAMERA));
    assertThat(c.async(ANSWER_PUBLISH, answer)).isEqualTo("ok");
  }

  private void answerOffers(Map<String, Chrome> peers, Duration wait) throws Exception {
    for (var e : peers.entrySet()) {
      LinkedBlockingQueue<String> q =
          offers.computeIfAbsent(e.getKey(), k -> new LinkedBlockingQueue<>());
      String offer = q.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
      while (offer != null) {
        Object answer = e.getValue().async(SUBSCRIBE, offer);
        assertThat(answer).asString().doesNotStartWith("error");
        node.subscribeAnswer("room", e.getKey(), (String) answer);
        offer = q.poll();
      }
    }
  }

  private static long num(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }
}
