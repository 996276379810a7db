package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

/**
 * Simulcast in the browser: Chromium publishes its camera as three encodings, and the media server
 * forwards each receiver the one that fits its bandwidth, estimated from the receiver's
 * transport-cc feedback. The {@link UdpRelay} narrows every browser's downlink to 250 kbit/s with a
 * 100 ms queue, then lifts the limit; the receiver's picture moves to a smaller layer and back, and
 * its decoder never goes a second without a new frame.
 */
class MeetingSimulcastTest extends RelayedMediaTest {

  private static final long LIMIT_BPS = 250_000;
  private static final Duration QUEUE = Duration.ofMillis(100);

  /**
   * Samples the receiving page takes every 100 ms: [time ms, framesDecoded, frameHeight]. The time
   * is the statistics' own (when the browser read the counters), not when the promise resolved: on
   * a loaded machine the two differ by up to hundreds of milliseconds, which made gaps look longer
   * than the decoder's.
   */
  private static final String START_SAMPLING =
      """
      const sender = arguments[0];
      window.__samples = [];
      window.__sampling = setInterval(() => {
        window.__conclaveMedia.stats().then((list) => {
          const s = list.find((x) => x.participantId === sender && x.source === 'camera');
          if (s) window.__samples.push([s.timestamp, s.framesDecoded, s.frameHeight]);
        });
      }, 100);
      """;

  @Test
  void aReceiverMovesToASmallerLayerWhenItsBandwidthIsLimitedAndBackWithoutASecondFrozen() {
    List<Person> people = inside("Đỗ Quang");
    Person host = people.get(0);
    Person guest = people.get(1);
    awaitRising(guest, host, "camera", "framesDecoded");
    guest.chrome().script(START_SAMPLING, host.id());

    long high = awaitHeight(guest, h -> h >= 360, Duration.ofSeconds(40), "a layer of 360 or more");
    double limitedAt = now(guest);
    relay.limitDownlinks(LIMIT_BPS, QUEUE);
    long low =
        awaitHeight(guest, h -> h > 0 && h < high, Duration.ofSeconds(30), "a smaller layer");
    double lowAt = now(guest);
    relay.unlimitDownlinks();
    long restored =
        awaitHeight(guest, h -> h > low, Duration.ofSeconds(60), "a larger layer again");
    double restoredAt = now(guest);
    sleep(2000);

    List<List<Number>> samples = samples(guest);
    double longestFreeze = longestFreezeMillis(samples, limitedAt);
    System.out.printf(
        "Simulcast: %d px, then %d px %.1f s after the downlink was limited to %d kbit/s"
            + " (%d datagrams dropped by the limit), then %d px %.1f s after it was lifted;"
            + " longest time without a new frame: %.0f ms%n",
        high,
        low,
        (lowAt - limitedAt) / 1000,
        LIMIT_BPS / 1000,
        relay.downlinkDropped(),
        restored,
        (restoredAt - lowAt) / 1000,
        longestFreeze);
    assertThat(relay.downlinkDropped()).as("datagrams the narrow link dropped").isPositive();
    assertThat(longestFreeze).as("longest ms without a decoded frame").isLessThanOrEqualTo(1000);
  }

  /** Waits until the received camera's frame height satisfies {@code wanted}; returns it. */
  private static long awaitHeight(
      Person receiver, LongPredicate wanted, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    long seen = -1;
    while (System.nanoTime() < deadline) {
      List<List<Number>> samples = samples(receiver);
      if (!samples.isEmpty()) {
        seen = samples.get(samples.size() - 1).get(2).longValue();
        if (wanted.test(seen)) {
          return seen;
        }
      }
      sleep(200);
    }
    throw new AssertionError("the received camera never reached " + what + "; last " + seen);
  }

  /** The longest time between two samples with more decoded frames, from {@code fromMillis} on. */
  private static double longestFreezeMillis(List<List<Number>> samples, double fromMillis) {
    double longest = 0;
    double lastNewFrame = -1;
    long frames = -1;
    for (List<Number> s : samples) {
      double t = s.get(0).doubleValue();
      long decoded = s.get(1).longValue();
      if (t < fromMillis) {
        frames = decoded;
        lastNewFrame = t;
        continue;
      }
      if (decoded > frames) {
        if (lastNewFrame >= 0) {
          longest = Math.max(longest, t - lastNewFrame);
        }
        lastNewFrame = t;
        frames = decoded;
      }
    }
    if (!samples.isEmpty() && lastNewFrame >= 0) {
      // A picture still frozen at the end counts too.
      longest =
          Math.max(longest, samples.get(samples.size() - 1).get(0).doubleValue() - lastNewFrame);
    }
    return longest;
  }

  @SuppressWarnings("unchecked")
  private static List<List<Number>> samples(Person p) {
    return (List<List<Number>>) p.chrome().script("return window.__samples || [];");
  }

  private static double now(Person p) {
    // The statistics' time base (RTCStats.timestamp).
    return ((Number) p.chrome().script("return performance.timeOrigin + performance.now();"))
        .doubleValue();
  }
}
