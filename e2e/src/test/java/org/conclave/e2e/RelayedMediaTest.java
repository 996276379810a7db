package org.conclave.e2e;

import java.net.InetSocketAddress;
import org.conclave.media.MediaNode;
import org.conclave.media.sfu.SfuNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Media tests with a network between the browsers and the media server. The media server listens on
 * 127.0.0.1 but announces 127.0.0.2, where a {@link UdpRelay} stands for the network: a test can
 * cut it, move everyone to new addresses, or make it lossy and jittery. The consent timeout is the
 * production default (30 s). Subclasses share one application (the same settings).
 */
@TestPropertySource(
    properties = {
      "conclave.media.bind-address=127.0.0.1",
      "conclave.media.announced-addresses=127.0.0.2",
      "conclave.media.tcp=false",
      "conclave.media.consent-timeout=30s"
    })
abstract class RelayedMediaTest extends MeetingMediaSteps {

  @Autowired MediaNode media;

  UdpRelay relay;

  @BeforeEach
  void startRelay() {
    int port = ((SfuNode) media).port();
    relay =
        new UdpRelay(
            new InetSocketAddress("127.0.0.2", port), new InetSocketAddress("127.0.0.1", port));
  }

  @AfterEach
  void closeRelay() {
    relay.close();
  }
}
