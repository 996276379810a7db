package org.conclave.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.server.room.HostControlApiTest.awaitUpdate;

import org.conclave.server.testing.Browser;
import org.conclave.server.testing.SignalingClient;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Past the resume window a dropped participant is gone: the room tells the others and the token is
 * dead. Its own application context with a two-second window, so the test takes seconds, not 30.
 */
@TestPropertySource(properties = "conclave.meetings.signaling.resume-window=2s")
class ResumeWindowApiTest extends RoomApiTest {

  @Test
  void afterTheResumeWindowADroppedParticipantIsGoneAndTheirTokenIsDead() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");

    guest.socket.abort();
    awaitUpdate(host, guest.id, "connected", false);
    JsonNode left =
        host.socket.await(
            f ->
                f.path("type").asString().equals("participantLeft")
                    && f.path("participantId").asString().equals(guest.id),
            "participantLeft of the dropped guest");
    assertThat(left.path("reason").asString()).isEqualTo("connection-lost");
    assertThat(snapshot(meeting).inside()).noneMatch(p -> p.id().equals(guest.id));

    SignalingClient again = socket(guest.browser);
    again.send("resume", "v", 1, "token", guest.resumeToken);
    assertThat(again.await("error").path("code").asString()).isEqualTo("resume-invalid");
  }

  @Test
  void someoneWaitingWhoDropsLeavesTheWaitingRoomAfterTheWindow() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person waiting = guest(meeting, "Minh");
    host.await("knock");

    waiting.socket.abort();
    host.socket.await(
        f -> f.path("type").asString().equals("waitingRoom") && f.path("entries").isEmpty(),
        "an empty waiting room");
    assertThat(snapshot(meeting).waiting()).isEmpty();
  }
}
