package org.conclave.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.server.account.Role;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.conclave.server.testing.Meetings;
import org.conclave.server.testing.SignalingClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RoomFlowApiTest extends ApiTest {

  @Test
  void guestWithPasscodeWaitsAndIsAdmittedByTheHost() {
    Browser host = signedIn(createUser(newUsername("host"), Role.HOST));
    JsonNode meeting = Meetings.create(host, null);
    String code = meeting.path("code").asString();
    try (SignalingClient hostSocket = Meetings.enter(host, Meetings.ticket(host, "code", code))) {
      JsonNode welcome = hostSocket.await("welcome");
      assertThat(welcome.path("you").path("role").asString()).isEqualTo("HOST");

      Browser guest = browser();
      String ticket =
          Meetings.ticket(
              guest, "code", code, "passcode", meeting.path("passcode").asString(), "name", "Lan");
      try (SignalingClient guestSocket = Meetings.enter(guest, ticket)) {
        JsonNode waiting = guestSocket.await("waiting");
        assertThat(waiting.path("reason").asString()).isEqualTo("WAITING_ROOM");
        JsonNode knock = hostSocket.await("knock");
        assertThat(knock.path("entry").path("name").asString()).isEqualTo("Lan");
        assertThat(knock.path("entry").path("arrival").asString()).isEqualTo("GUEST");

        hostSocket.send("admit", "participant", waiting.path("participantId").asString());
        JsonNode admitted = guestSocket.await("welcome");
        assertThat(admitted.path("room").path("title").asString()).isEqualTo("Weekly review");
        assertThat(admitted.path("you").path("role").asString()).isEqualTo("GUEST");
        hostSocket.await("participantJoined");
      }
    }
  }
}
