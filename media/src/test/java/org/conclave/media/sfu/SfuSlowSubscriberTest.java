package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.TrackSource.MICROPHONE;
import static org.conclave.media.sfu.SfuHarness.ALL;

import java.time.Duration;
import java.util.concurrent.Executor;
import org.conclave.media.DropReason;
import org.conclave.media.MediaPermissions;
import org.conclave.media.client.ClientOptions;
import org.conclave.media.sfu.SfuHarness.Member;
import org.conclave.media.transport.TransportSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that is slow to start DTLS after its first ICE check reached the node (a starved client:
 * the load generator with thirty peers on one core) still connects: the node's handshake attempt
 * timing out must not tear down a transport whose peer is still checking.
 */
class SfuSlowSubscriberTest {

  private static final Duration NODE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(1);

  private SfuHarness h;

  @AfterEach
  void stop() {
    h.assertNoHandlerErrors();
    h.close();
  }

  @Test
  void aSubscriberWhoseDtlsStartsAfterTheNodesHandshakeTimeoutStillConnects() throws Exception {
    h =
        new SfuHarness(
            TransportSettings.loopback(0).withDtlsHandshakeTimeout(NODE_HANDSHAKE_TIMEOUT),
            ClientOptions.loopback());
    Member alice = h.join("alice", ALL, MICROPHONE);
    ClientOptions slow =
        ClientOptions.loopback().withHandshakeExecutor(startingAfter(Duration.ofMillis(1600)));
    Member bob = h.join("bob", MediaPermissions.NONE, ClientOptions.loopback(), slow);
    h.settle();

    h.awaitConnected();

    assertThat(h.closures).as("no transport was closed").isEmpty();
    assertThat(h.node.drops().get(DropReason.STUN_UNKNOWN_USERNAME)).isZero();
    alice.audioReaches(bob);
    assertThat(bob.subscriber.awaitClosed(Duration.ZERO)).isNull();
  }

  /** Runs each task on a new thread after {@code delay}: a DTLS client that starts late. */
  private static Executor startingAfter(Duration delay) {
    return task -> {
      Thread t =
          new Thread(
              () -> {
                SfuHarness.sleep(delay.toMillis());
                task.run();
              },
              "slow-dtls");
      t.setDaemon(true);
      t.start();
    };
  }
}
