package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Video on a bad network: 5% of the datagrams lost in each direction and up to 100 ms of jitter
 * (which also reorders), on both the sender's and the receiver's path. The kernel here has no
 * {@code sch_netem}, so the {@link UdpRelay} between the browsers and the media server makes the
 * path bad, in user space, the way tc netem would. What keeps the picture going: the receiver's
 * NACKs answered from the media server's cache (RTX), the media server's own NACKs to the sender
 * for what the sender's uplink lost, and keyframes on request.
 */
class MeetingMediaLossTest extends RelayedMediaTest {

  private static final double LOSS = 0.05;
  private static final Duration JITTER = Duration.ofMillis(100);

  @Test
  void underFivePercentLossAndJitterReceivedVideoKeepsDecoding() {
    List<Person> people = inside("Ngô Thảo");
    Person host = people.get(0);
    Person guest = people.get(1);
    awaitRising(host, guest, "camera", "framesDecoded");
    long retransmissionsBefore = media.stats().retransmissions();
    Map<String, Object> before = streamStats(host, guest, "camera");

    relay.impair(LOSS, JITTER);
    // Twenty seconds in windows of four: frames are decoded in every window.
    long frames = value(host, guest, "camera", "framesDecoded");
    for (int window = 1; window <= 5; window++) {
      sleep(4000);
      long now = value(host, guest, "camera", "framesDecoded");
      assertThat(now).as("frames decoded by the end of window %d", window).isGreaterThan(frames);
      frames = now;
    }
    Map<String, Object> after = streamStats(host, guest, "camera");
    long decoded = num(after, "framesDecoded") - num(before, "framesDecoded");
    long freezes = num(after, "freezeCount") - num(before, "freezeCount");
    double frozen =
        ((Number) after.get("totalFreezesDuration")).doubleValue()
            - ((Number) before.get("totalFreezesDuration")).doubleValue();
    long nacks = num(after, "nackCount") - num(before, "nackCount");
    long retransmitted = media.stats().retransmissions() - retransmissionsBefore;
    // Reported with the test's output: how the picture fared.
    System.out.printf(
        "Under %.0f%% loss and %d ms jitter for 20 s: %d frames decoded, %d freezes (%.1f s"
            + " frozen in all), %d NACKs sent by the receiver, %d packets resent by the media"
            + " server%n",
        LOSS * 100, JITTER.toMillis(), decoded, freezes, frozen, nacks, retransmitted);
    assertThat(nacks).as("NACKs from the receiver").isPositive();
    assertThat(retransmitted).as("packets the media server resent").isPositive();
    assertThat(frozen).as("seconds of frozen picture out of 20").isLessThan(10.0);
  }

  /** The receiving page's stats for one remote stream. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> streamStats(Person receiver, Person sender, String source) {
    List<Map<String, Object>> list = (List<Map<String, Object>>) receiver.chrome().async(STATS);
    return list.stream()
        .filter(s -> sender.id().equals(s.get("participantId")) && source.equals(s.get("source")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + source + " of " + sender.name()));
  }

  private static long num(Map<String, Object> stats, String field) {
    return ((Number) stats.get(field)).longValue();
  }
}
