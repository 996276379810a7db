package org.conclave.loadtest.janus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.conclave.loadtest.media.SfuUnderTest.Publisher;
import org.conclave.media.TrackSource;
import org.conclave.media.client.ClientPeer;
import org.conclave.media.client.ReceivedRtp;
import org.conclave.media.client.SentRtp;
import org.conclave.media.client.Source;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Janus as the peer SFU of the benchmark: our ClientPeer publishes to its VideoRoom and another
 * ClientPeer receives through it. Runs in Surefire's {@code janus} execution, inside the network
 * namespace of {@code loadtest/janus-namespace.sh}; skipped where Janus is not installed.
 */
@Tag("janus")
class JanusSfuTest {

  private static final int OPUS = 111;
  private static final int VP8 = 96;

  @Test
  void aSubscriberReceivesAPublishersAudioAndVideoThroughJanus() throws Exception {
    assumeTrue(Files.isExecutable(JanusSfu.EXECUTABLE), "janus is not installed");
    Source mic = Source.of(TrackSource.MICROPHONE);
    Source camera = Source.of(TrackSource.CAMERA);
    Set<ByteBuffer> sent = ConcurrentHashMap.newKeySet();
    Set<Integer> receivedIntact = ConcurrentHashMap.newKeySet();

    try (JanusSfu janus = JanusSfu.start()) {
      janus.openRoom("room");
      Publisher alice = janus.publish("room", "alice", List.of(mic, camera));
      ClientPeer bob =
          janus.subscribe(
              "room",
              "bob",
              (ReceivedRtp p) -> {
                if (sent.contains(ByteBuffer.wrap(p.payload()))) {
                  receivedIntact.add(p.payloadType());
                }
              });

      long deadline = System.nanoTime() + 10_000_000_000L;
      for (int i = 0; receivedIntact.size() < 2 && System.nanoTime() < deadline; i++) {
        remember(sent, alice.peer().sendOpus(mic, 30, true));
        remember(sent, alice.peer().sendVp8(camera, i % 30 == 0));
        Thread.sleep(20);
      }

      assertThat(receivedIntact)
          .as("payload types bob received byte for byte, SRTP-decrypted: %s", bob)
          .containsExactlyInAnyOrder(OPUS, VP8);
    }
  }

  @Test
  void itsPidIsTheJanusProcessPinnedToTheSecondCore() throws Exception {
    assumeTrue(Files.isExecutable(JanusSfu.EXECUTABLE), "janus is not installed");

    try (JanusSfu janus = JanusSfu.start()) {
      Path proc = Path.of("/proc", String.valueOf(janus.pid()));

      assertThat(Files.readString(proc.resolve("comm")).strip()).isEqualTo("janus");
      assertThat(Files.readAllLines(proc.resolve("status"))).contains("Cpus_allowed_list:\t1");
    }
  }

  private static void remember(Set<ByteBuffer> sent, SentRtp packet) {
    if (packet.sent()) {
      sent.add(ByteBuffer.wrap(packet.payload().clone()));
    }
  }
}
