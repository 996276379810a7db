package org.conclave.media.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.TrackSource.MICROPHONE;
import static org.conclave.media.sfu.SfuHarness.ALL;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.conclave.media.sfu.SfuHarness;
import org.conclave.media.sfu.SfuHarness.Member;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Jazzer fuzz target: arbitrary datagrams into a running node's port, from a stranger's address and
 * from a connected publisher's and subscriber's own, then the node must still forward. Without
 * JAZZER_FUZZ it runs once per seed in MediaPortFuzzTestInputs/ (regression mode).
 */
class MediaPortFuzzTest {

  private static SfuHarness h;
  private static Member alice;
  private static Member bob;
  private static DatagramChannel stranger;

  @BeforeAll
  static void start() throws Exception {
    h = new SfuHarness();
    alice = h.join("alice", ALL, MICROPHONE);
    bob = h.join("bob", ALL);
    h.settle();
    h.awaitConnected();
    stranger = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
  }

  @AfterAll
  static void stop() throws IOException {
    stranger.close();
    h.close();
  }

  /** Up to 8 datagrams of any bytes (none over a datagram's size) from any of three addresses. */
  @FuzzTest(maxDuration = "60s")
  void theNodeStillForwardsAfterAnyDatagrams(FuzzedDataProvider data) throws IOException {
    InetSocketAddress node = new InetSocketAddress("127.0.0.1", h.node.port());
    for (int i = 0; i < 8 && data.remainingBytes() > 0; i++) {
      int from = data.consumeInt(0, 2);
      byte[] datagram = data.consumeBytes(data.consumeInt(0, 1500));
      switch (from) {
        case 0 -> stranger.send(ByteBuffer.wrap(datagram), node);
        case 1 -> alice.publisher.sendRaw(datagram);
        default -> bob.subscriber.sendRaw(datagram);
      }
    }
    alice.audioReaches(bob);
    h.assertNoHandlerErrors();
    assertThat(alice.publisher.awaitClosed(java.time.Duration.ZERO)).isNull();
    assertThat(bob.subscriber.awaitClosed(java.time.Duration.ZERO)).isNull();
  }
}
