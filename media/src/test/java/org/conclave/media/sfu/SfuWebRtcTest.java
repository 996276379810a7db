package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.conclave.media.TrackSource;
import org.conclave.media.sdp.MediaDescription;
import org.conclave.media.sdp.Sdp;
import org.conclave.media.sdp.SessionDescription;
import org.conclave.media.testpeer.InboundStats;
import org.conclave.media.testpeer.WebRtcPeer;
import org.conclave.media.testpeer.WebRtcTest;
import org.conclave.media.transport.TransportSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real libwebrtc peers (webrtc-java) through our SFU, in a loopback-only network namespace: each
 * participant publishes synthetic audio and video on one connection and subscribes to everyone else
 * on another, and every subscriber decodes every other participant's video and receives their
 * audio. Nothing of the control plane takes part: the test carries the SDP.
 */
@WebRtcTest
class SfuWebRtcTest {

  private static final Duration WITHIN = Duration.ofSeconds(20);
  private static final String ROOM = "room";

  private SfuNode node;
  private final Map<String, LinkedBlockingQueue<Offer>> offers = new ConcurrentHashMap<>();
  private final List<WebRtcPeer> peers = new ArrayList<>();

  private record Offer(String sdp, List<MediaListener.OfferedTrack> tracks) {}

  /** One participant: a publishing and a subscribing libwebrtc connection. */
  private record Participant(String id, WebRtcPeer publisher, WebRtcPeer subscriber) {}

  @BeforeEach
  void start() throws Exception {
    InetAddress lo6 = InetAddress.getByName("::1");
    node =
        new SfuNode(
            new TransportSettings(
                lo6, 0, List.of(lo6), false, TransportSettings.DEFAULT_CONSENT_TIMEOUT, 16, 100));
    node.setListener(
        new MediaListener() {
          @Override
          public void subscribeOffer(
              String roomId, String peerId, String sdp, List<OfferedTrack> tracks) {
            offers
                .computeIfAbsent(peerId, k -> new LinkedBlockingQueue<>())
                .add(new Offer(sdp, tracks));
          }
        });
  }

  @AfterEach
  void stop() {
    peers.forEach(WebRtcPeer::close);
    node.close();
  }

  @Test
  void threeParticipantsEachDecodeTheOthersVideoAndReceiveTheirAudio() throws Exception {
    List<Participant> people = new ArrayList<>();
    for (String id : List.of("ana", "binh", "chi")) {
      people.add(join(id));
    }
    // Subscribe offers arrive as people publish; answer them until nothing new comes.
    Map<String, Map<String, String>> midOwners = new ConcurrentHashMap<>();
    for (int round = 0; round < 4; round++) {
      for (Participant p : people) {
        answerPendingOffers(p, midOwners);
      }
    }
    for (Participant p : people) {
      InboundStats s =
          p.subscriber()
              .awaitInbound(
                  st -> decodesEveryOther(st, midOwners.get(p.id()), people.size() - 1), WITHIN);
      assertThat(s.framesDecoded()).as("%s decodes video", p.id()).isGreaterThan(0);
      assertThat(s.audioSamplesReceived()).as("%s receives audio", p.id()).isGreaterThan(0);
    }
    assertThat(node.stats().rtpForwarded()).isGreaterThan(0);
  }

  /** Video frames decoded and audio samples received from each of {@code others} publishers. */
  private static boolean decodesEveryOther(InboundStats s, Map<String, String> owners, int others) {
    if (owners == null) {
      return false;
    }
    Map<String, long[]> byOwner = new LinkedHashMap<>();
    for (InboundStats.InboundTrack t : s.tracks()) {
      String owner = owners.get(t.mid());
      if (owner == null) {
        continue;
      }
      long[] v = byOwner.computeIfAbsent(owner, k -> new long[2]);
      v[0] += t.framesDecoded();
      v[1] += t.samplesReceived();
    }
    return byOwner.size() == others
        && byOwner.values().stream().allMatch(v -> v[0] >= 10 && v[1] >= 4800);
  }

  private Participant join(String id) throws Exception {
    node.addPeer(ROOM, id, new MediaPermissions(true, true, false));
    WebRtcPeer publisher = WebRtcPeer.publisher(id);
    WebRtcPeer subscriber = WebRtcPeer.subscriber(id + "-sub");
    peers.add(publisher);
    peers.add(subscriber);
    publisher.publish();
    String offer = publisher.createOffer();
    publisher.setRemoteAnswer(node.publish(ROOM, id, offer, sources(offer)));
    return new Participant(id, publisher, subscriber);
  }

  private void answerPendingOffers(Participant p, Map<String, Map<String, String>> midOwners)
      throws Exception {
    LinkedBlockingQueue<Offer> q = offers.computeIfAbsent(p.id(), k -> new LinkedBlockingQueue<>());
    Offer offer = q.poll(500, TimeUnit.MILLISECONDS);
    while (offer != null) {
      Map<String, String> owners =
          midOwners.computeIfAbsent(p.id(), k -> new ConcurrentHashMap<>());
      for (MediaListener.OfferedTrack t : offer.tracks()) {
        owners.put(t.mid(), t.publisherId());
      }
      node.subscribeAnswer(ROOM, p.id(), p.subscriber().answer(offer.sdp()));
      offer = q.poll();
    }
  }

  /** The offer's audio m-line is the microphone, its video m-line the camera. */
  private static Map<String, TrackSource> sources(String offer) {
    SessionDescription d = Sdp.parse(offer);
    Map<String, TrackSource> out = new LinkedHashMap<>();
    for (MediaDescription m : d.media()) {
      out.put(
          m.attribute("mid"),
          m.kind().equals("audio") ? TrackSource.MICROPHONE : TrackSource.CAMERA);
    }
    return out;
  }
}
