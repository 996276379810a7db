package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.TrackSource.MICROPHONE;
import static org.conclave.media.sfu.SfuHarness.ALL;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.conclave.media.client.OfferedStream;
import org.conclave.media.client.ReceivedRtp;
import org.conclave.media.client.SentRtp;
import org.conclave.media.sfu.SfuHarness.Member;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Big-room audio ({@link LoudestAudio}) with the threshold lowered to two microphones and two
 * shared lines: four people with microphones and a listener. The listener is offered two audio
 * m-lines that belong to nobody, and hears on them whoever speaks now.
 */
class SfuLoudestAudioTest {

  private SfuHarness h;
  private final Map<ByteBuffer, String> sentBy = new HashMap<>();
  private List<Member> speakers;
  private Member listener;

  @BeforeEach
  void setUp() throws Exception {
    h = new SfuHarness();
    h.node.setLoudestAudio(2, 2);
    speakers =
        List.of(
            h.join("an", ALL, MICROPHONE),
            h.join("binh", ALL, MICROPHONE),
            h.join("chi", ALL, MICROPHONE),
            h.join("dung", ALL, MICROPHONE));
    listener = h.join("listener", ALL);
    h.settle();
    h.awaitConnected();
  }

  @AfterEach
  void tearDown() {
    h.assertNoHandlerErrors();
    h.close();
  }

  @Test
  void aListenerInABigRoomIsOfferedTwoSharedAudioLinesInsteadOfOnePerMicrophone() {
    assertThat(listener.offeredSources()).containsExactly("null/MICROPHONE", "null/MICROPHONE");
    assertThat(audioLines()).hasSize(2);
  }

  @Test
  void theSharedLinesCarryThoseSpeakingNowAndChangeSpeakerWithoutANewOffer() {
    Set<String> heard = talk(Set.of("an", "binh"), Duration.ofMillis(2000));
    assertThat(heard).containsExactlyInAnyOrder("an", "binh");

    heard = talk(Set.of("binh", "chi"), Duration.ofMillis(2500));
    assertThat(heard).containsExactlyInAnyOrder("binh", "chi");
    assertThat(listener.offeredSources()).containsExactly("null/MICROPHONE", "null/MICROPHONE");
  }

  @Test
  void aLineThatChangesSpeakerContinuesItsSequenceNumbers() {
    talk(Set.of("an", "binh"), Duration.ofMillis(2000));
    Map<Long, Integer> last = new HashMap<>();
    Map<Long, Integer> gaps = new HashMap<>();
    listener.subscriber.setRtpListener(
        r -> {
          Integer before = last.put(r.ssrc(), r.sequenceNumber());
          if (before != null && ((r.sequenceNumber() - before) & 0xFFFF) != 1) {
            gaps.merge(r.ssrc(), 1, Integer::sum);
          }
        });
    Set<String> heard = talk(Set.of("chi", "dung"), Duration.ofMillis(2500));
    listener.subscriber.setRtpListener(null);

    assertThat(heard).containsExactlyInAnyOrder("chi", "dung");
    assertThat(gaps).as("sequence gaps per line").isEmpty();
  }

  private List<OfferedStream> audioLines() {
    return listener.subscriber.offeredStreams().stream()
        .filter(s -> s.kind().equals("audio") && s.active())
        .toList();
  }

  /**
   * Everyone sends Opus every 20 ms, those in {@code talking} loud with voice, the others silent;
   * returns who the listener heard in the last half second.
   */
  private Set<String> talk(Set<String> talking, Duration duration) {
    Set<Long> lines = new HashSet<>();
    for (OfferedStream s : audioLines()) {
      lines.add(s.ssrc());
    }
    Set<String> heard = new HashSet<>();
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    while (System.nanoTime() < end) {
      for (Member m : speakers) {
        boolean loud = talking.contains(m.id);
        SentRtp sent = m.publisher.sendOpus(m.source(MICROPHONE), loud ? 10 : 127, loud);
        sentBy.put(ByteBuffer.wrap(sent.payload()), m.id);
      }
      boolean late = end - System.nanoTime() < Duration.ofMillis(500).toNanos();
      for (ReceivedRtp r = listener.subscriber.pollRtp(Duration.ofMillis(20));
          r != null;
          r = listener.subscriber.pollRtp(Duration.ofMillis(1))) {
        if (late && lines.contains(r.ssrc())) {
          String who = sentBy.get(ByteBuffer.wrap(r.payload()));
          if (who != null) {
            heard.add(who);
          }
        }
      }
    }
    return heard;
  }
}
