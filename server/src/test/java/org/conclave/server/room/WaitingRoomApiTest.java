package org.conclave.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.server.room.HostControlApiTest.awaitChat;
import static org.conclave.server.room.HostControlApiTest.awaitClosed;

import org.conclave.server.testing.Browser;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The waiting room and the door's rules in the live room: nobody becomes host by arriving first,
 * personal links enter under their name and admit one live connection, people waiting see nothing
 * of the meeting, and hosts are warned of duplicate names.
 */
class WaitingRoomApiTest extends RoomApiTest {

  @Test
  void nobodyBecomesHostByArrivingFirstTheyWaitUntilTheHostComes() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person early = member(newMember(), meeting);
    assertThat(early.firstType()).isEqualTo("waiting");
    assertThat(early.first.path("reason").asString()).isEqualTo("HOST_ABSENT");
    Person guest = guest(meeting, "Lan");
    assertThat(guest.first.path("reason").asString()).isEqualTo("HOST_ABSENT");
    RoomSnapshot before = snapshot(meeting);
    assertThat(before.inside()).isEmpty();

    // Someone waiting for the host cannot admit themselves or anyone.
    early.send("admit", "participant", guest.id);
    assertThat(early.error().path("code").asString()).isEqualTo("waiting");
    assertThat(snapshot(meeting)).isEqualTo(before);

    Person host = hostEnters(hostBrowser, meeting);
    assertThat(host.first.path("waiting").toString()).contains(early.id, guest.id);
    // With the waiting room on, they now wait for the host's decision.
    JsonNode next = early.await("waiting");
    assertThat(next.path("reason").asString()).isEqualTo("WAITING_ROOM");
    assertThat(next.path("participantId").asString()).isEqualTo(early.id);
    assertThat(guest.await("waiting").path("reason").asString()).isEqualTo("WAITING_ROOM");
    assertThat(snapshot(meeting).inside()).hasSize(1);
  }

  @Test
  void withTheWaitingRoomOffThoseWaitingForTheHostAreLetInWhenTheHostArrives() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, settings("waitingRoom", false));
    Person guest = guest(meeting, "Lan");
    assertThat(guest.first.path("reason").asString()).isEqualTo("HOST_ABSENT");

    Person host = hostEnters(hostBrowser, meeting);
    JsonNode welcome = guest.welcomed();
    assertThat(welcome.path("you").path("role").asString()).isEqualTo("GUEST");
    assertThat(host.await("participantJoined").path("participant").path("id").asString())
        .isEqualTo(guest.id);
  }

  @Test
  void aPersonalLinkEntersUnderTheInvitedNameWhateverNameIsTyped() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    String secret = inviteSecret(hostBrowser, meeting, "Trần Thị Bình");
    Browser b = browser();
    Person invited =
        arrive(
            b,
            org.conclave.server.testing.Meetings.ticket(
                b, "code", code(meeting), "invite", secret, "name", "The Host"));
    JsonNode knock = host.await("knock").path("entry");
    assertThat(knock.path("name").asString()).isEqualTo("Trần Thị Bình");
    assertThat(knock.path("arrival").asString()).isEqualTo("PERSONAL_LINK");
    assertThat(knock.path("invitedAs").asString()).isEqualTo("Trần Thị Bình");

    JsonNode you = admit(host, invited).path("you");
    assertThat(you.path("name").asString()).isEqualTo("Trần Thị Bình");
    assertThat(you.path("arrival").asString()).isEqualTo("PERSONAL_LINK");
    assertThat(you.path("role").asString()).isEqualTo("PARTICIPANT");
  }

  @Test
  void aSecondConcurrentUseOfAPersonalLinkWaitsFlaggedAndAdmittingItRemovesTheFirst() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, settings("waitingRoom", false));
    Person host = hostEnters(hostBrowser, meeting);
    String secret = inviteSecret(hostBrowser, meeting, "Bình");
    Person first = personalLink(browser(), meeting, secret);
    assertThat(first.firstType()).isEqualTo("welcome");

    Person second = personalLink(browser(), meeting, secret);
    assertThat(second.firstType()).as("held even with the waiting room off").isEqualTo("waiting");
    assertThat(second.first.path("reason").asString()).isEqualTo("LINK_IN_USE");
    JsonNode knock = host.await("knock").path("entry");
    assertThat(knock.path("reason").asString()).isEqualTo("LINK_IN_USE");
    assertThat(knock.path("invitedAs").asString()).isEqualTo("Bình");

    admit(host, second);
    assertThat(first.await("removed").path("banned").asBoolean()).isFalse();
    awaitClosed(first.socket);
    RoomSnapshot after = snapshot(meeting);
    assertThat(after.inside()).extracting(v -> v.id()).contains(second.id).doesNotContain(first.id);
    assertThat(after.inside()).filteredOn(v -> "Bình".equals(v.invitedAs())).hasSize(1);
  }

  @Test
  void peopleWaitingReceiveNoRosterChatOrTitle() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person inside = admittedGuest(host, meeting, "Lan Pham");
    Person waiting = guest(meeting, "Minh");

    // The room lives around them: chat, people coming and going, settings, a waiting message.
    inside.send("chat", "to", "everyone", "text", "secret agenda");
    host.send("chat", "to", "everyone", "text", "host chat");
    host.send("setChatMode", "mode", "HOSTS_ONLY");
    host.send("lockMeeting", "locked", false);
    inside.send("raiseHand", "raised", true);
    Person another = admittedGuest(host, meeting, "Hoa Le");
    another.send("leave");
    host.send("messageWaitingRoom", "text", "Starting in five minutes");
    assertThat(waiting.await("waitingMessage").path("text").asString())
        .isEqualTo("Starting in five minutes");
    waiting.send("ping");
    waiting.await("pong");
    awaitChat(host.socket, "host chat");

    assertThat(types(waiting.socket)).allMatch(WAITING_MAY_RECEIVE::contains);
    String everything = waiting.socket.received().toString();
    assertThat(everything)
        .doesNotContain(
            "Weekly review", "secret agenda", "host chat", "Lan Pham", "Hoa Le", inside.id);
    assertThat(everything).doesNotContain(code(meeting));
  }

  @Test
  void theHostIsWarnedWhenAKnockingNameDuplicatesSomeoneInside() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    admittedGuest(host, meeting, "Lan Nguyen");

    Person same = guest(meeting, "  lan nguyen ");
    JsonNode knock = knockOf(host, same);
    assertThat(knock.path("duplicateName").asBoolean()).isTrue();
    assertThat(snapshot(meeting).waiting()).singleElement().matches(k -> k.duplicateName());
    Person minh = guest(meeting, "Minh");
    JsonNode other = knockOf(host, minh);
    assertThat(other.path("name").asString()).isEqualTo("Minh");
    assertThat(other.path("duplicateName").asBoolean()).isFalse();
  }

  @Test
  void hostCommandsOtherThanAdmitDenyAndRemoveCannotTouchSomeoneWaiting() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person inside = admittedGuest(host, meeting, "Lan Pham");
    Person waiting = guest(meeting, "Minh Tran");
    RoomSnapshot before = snapshot(meeting);
    Object[][] commands = {
      {"mute", "participant", waiting.id},
      {"stopVideo", "participant", waiting.id},
      {"lowerHand", "participant", waiting.id},
      {"setScreenShare", "participant", waiting.id, "allowed", true},
      {"renameParticipant", "participant", waiting.id, "name", "Renamed Person"},
      {"setRole", "participant", waiting.id, "role", "COHOST"},
    };
    for (Object[] c : commands) {
      Object[] fields = java.util.Arrays.copyOfRange(c, 1, c.length);
      host.send((String) c[0], fields);
      JsonNode error = host.error();
      assertThat(error.path("code").asString()).as("%s", c[0]).isEqualTo("no-such-participant");
      assertThat(error.path("command").asString()).isEqualTo(c[0]);
    }
    assertThat(snapshot(meeting)).isEqualTo(before);
    host.send("chat", "to", "everyone", "text", "marker");
    awaitChat(inside.socket, "marker");
    // Those inside never hear of the person waiting.
    assertThat(inside.socket.received().toString()).doesNotContain(waiting.id, "Minh Tran");
  }

  private static JsonNode knockOf(Person host, Person who) {
    return host.socket
        .await(
            f ->
                f.path("type").asString().equals("knock")
                    && f.path("entry").path("id").asString().equals(who.id),
            "the knock of " + who.id)
        .path("entry");
  }

  @Test
  void denyingSomeoneWaitingClosesTheirSocketAndTellsThem() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person waiting = guest(meeting, "Minh");
    host.send("deny", "participant", waiting.id);
    waiting.await("denied");
    awaitClosed(waiting.socket);
    assertThat(snapshot(meeting).waiting()).isEmpty();
  }
}
