package org.conclave.server.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.media.MediaNode;
import org.conclave.media.sfu.SfuNode;
import org.conclave.server.testing.ApiTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The application's media node as configured. */
class MediaConfigurationApiTest extends ApiTest {

  @Autowired MediaNode media;

  @Test
  void eachParticipantReceivesAtMostTwentyFiveCamerasByDefault() {
    assertThat(((SfuNode) media).lastN()).isEqualTo(25);
  }
}
