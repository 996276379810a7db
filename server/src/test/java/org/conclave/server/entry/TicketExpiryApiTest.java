package org.conclave.server.entry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.conclave.server.account.Role;
import org.conclave.server.testing.Browser;
import org.conclave.server.testing.Meetings;
import org.conclave.server.testing.SignalingClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Entry tickets open the signaling connection once, within 60 seconds by the server's clock. */
class TicketExpiryApiTest extends FrozenClockApiTest {

  @Autowired FrozenClock clock;

  private String ticket(Browser guest, JsonNode meeting) {
    return Meetings.ticket(
        guest,
        "code",
        meeting.path("code").asString(),
        "passcode",
        meeting.path("passcode").asString(),
        "name",
        "Dũng");
  }

  @Test
  void aTicketOpensTheRoomOnlyOnce() {
    JsonNode meeting = Meetings.create(signedIn(createUser(newUsername("host"), Role.HOST)), null);
    Browser guest = browser();
    String ticket = ticket(guest, meeting);

    try (SignalingClient first = Meetings.enter(guest, ticket)) {
      first.await("waiting");
    }
    try (SignalingClient again = Meetings.enter(guest, ticket)) {
      assertThat(again.await("error").path("code").asString()).isEqualTo("ticket-invalid");
    }
  }

  @Test
  void aTicketUnusedForSixtySecondsNoLongerOpensTheRoom() {
    JsonNode meeting = Meetings.create(signedIn(createUser(newUsername("host"), Role.HOST)), null);
    Browser guest = browser();
    String fresh = ticket(guest, meeting);
    String stale = ticket(guest, meeting);

    clock.advance(Duration.ofSeconds(59));
    try (SignalingClient inTime = Meetings.enter(guest, fresh)) {
      inTime.await("waiting");
    }
    clock.advance(Duration.ofSeconds(2));
    try (SignalingClient late = Meetings.enter(guest, stale)) {
      assertThat(late.await("error").path("code").asString()).isEqualTo("ticket-invalid");
    }
  }
}
