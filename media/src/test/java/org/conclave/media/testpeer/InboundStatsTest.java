package org.conclave.media.testpeer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.conclave.media.testpeer.InboundStats.InboundTrack;
import org.junit.jupiter.api.Test;

class InboundStatsTest {

  // Attribute names and value types as webrtc-java 0.14.0 reports them (64-bit counters come as
  // BigInteger, 32-bit ones as Long).
  private static final Map<String, Object> VIDEO =
      Map.of(
          "kind",
          "video",
          "trackIdentifier",
          "alice-video",
          "mid",
          "1",
          "ssrc",
          3155856652L,
          "packetsReceived",
          122L,
          "bytesReceived",
          BigInteger.valueOf(81712),
          "framesDecoded",
          61L);
  private static final Map<String, Object> AUDIO =
      Map.of(
          "kind",
          "audio",
          "trackIdentifier",
          "alice-audio",
          "mid",
          "0",
          "ssrc",
          1053839L,
          "packetsReceived",
          203L,
          "bytesReceived",
          BigInteger.valueOf(16381),
          "totalSamplesReceived",
          BigInteger.valueOf(193920));

  @Test
  void sumsEachCounterOverTheStreamsOfItsKind() {
    InboundStats stats = InboundStats.of(List.of(VIDEO, AUDIO, VIDEO));

    assertThat(stats.framesDecoded()).isEqualTo(122);
    assertThat(stats.audioSamplesReceived()).isEqualTo(193920);
    assertThat(stats.bytesReceived()).isEqualTo(81712 + 16381 + 81712);
  }

  @Test
  void findsAStreamByTheSendersTrackId() {
    InboundStats stats = InboundStats.of(List.of(VIDEO, AUDIO));

    assertThat(stats.track("alice-audio"))
        .contains(new InboundTrack("alice-audio", "audio", "0", 1053839L, 203, 16381, 0, 193920));
    assertThat(stats.track("carol-audio")).isEmpty();
  }

  @Test
  void missingCountersReadAsZero() {
    InboundStats stats = InboundStats.of(List.of(Map.of("kind", "video")));

    assertThat(stats.tracks())
        .containsExactly(new InboundTrack(null, "video", null, 0, 0, 0, 0, 0));
  }
}
