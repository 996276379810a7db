package org.conclave.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.conclave.server.testing.Browser;
import org.conclave.server.testing.SignalingClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What the host's controls do in a live room, one behaviour per test, over real sockets: lock,
 * mute, screen-share grants, chat modes and limits, renaming, promotion, suspending activities and
 * ending the meeting.
 */
class HostControlApiTest extends RoomApiTest {

  @Test
  void aLockedMeetingRefusesNewcomersButItsHostStillEnters() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    host.send("lockMeeting", "locked", true);
    assertThat(host.await("roomUpdated").path("room").path("locked").asBoolean()).isTrue();

    Person guest = guest(meeting, "Lan");
    assertThat(guest.firstType()).isEqualTo("refused");
    assertThat(guest.first.path("reason").asString()).isEqualTo("LOCKED");
    awaitClosed(guest.socket);
    Person member = member(newMember(), meeting);
    assertThat(member.first.path("reason").asString()).isEqualTo("LOCKED");

    // The meeting's host, on a second socket of their signed-in browser, still enters.
    Person again = hostEnters(hostBrowser, meeting);
    assertThat(again.first.path("you").path("role").asString()).isEqualTo("HOST");
    assertThat(snapshot(meeting).waiting()).isEmpty();
  }

  @Test
  void mutingSomeoneTurnsTheirAudioOffAndTheyAreTold() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    guest.send("setOwnMedia", "audio", true);
    awaitUpdate(guest, guest.id, "audio", true);

    host.send("mute", "participant", guest.id);
    awaitUpdate(guest, guest.id, "audio", false);
    assertThat(snapshot(meeting).inside())
        .filteredOn(p -> p.id().equals(guest.id))
        .singleElement()
        .matches(p -> !p.audio());
  }

  @Test
  void muteAllWithSelfUnmuteForbiddenRefusesUnmuting() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    guest.send("setOwnMedia", "audio", true);
    awaitUpdate(guest, guest.id, "audio", true);

    host.send("muteAll", "allowSelfUnmute", false);
    awaitUpdate(guest, guest.id, "audio", false);
    assertThat(guest.await("roomUpdated").path("room").path("selfUnmute").asBoolean()).isFalse();

    RoomSnapshot before = snapshot(meeting);
    guest.send("setOwnMedia", "audio", true);
    JsonNode error = guest.error();
    assertThat(error.path("code").asString()).isEqualTo("unmute-forbidden");
    assertThat(snapshot(meeting)).isEqualTo(before);

    host.send("setSelfUnmute", "allowed", true);
    guest.await("roomUpdated");
    guest.send("setOwnMedia", "audio", true);
    awaitUpdate(guest, guest.id, "audio", true);
  }

  @Test
  void screenSharingIsRefusedWithoutAGrantAndAllowedAfterIt() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");

    guest.send("shareScreen", "on", true);
    assertThat(guest.error().path("code").asString()).isEqualTo("share-forbidden");

    host.send("setScreenShare", "participant", guest.id, "allowed", true);
    awaitUpdate(guest, guest.id, "mayShareScreen", true);
    guest.send("shareScreen", "on", true);
    awaitUpdate(guest, guest.id, "screen", true);

    host.send("setScreenShare", "participant", guest.id, "allowed", false);
    JsonNode withdrawn = awaitUpdate(guest, guest.id, "mayShareScreen", false);
    assertThat(withdrawn.path("participant").path("screen").asBoolean()).isFalse();
  }

  @Test
  void chatOffRefusesParticipantsButNotHosts() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    host.send("setChatMode", "mode", "OFF");
    guest.await("roomUpdated");

    guest.send("chat", "to", "everyone", "text", "anyone there?");
    assertThat(guest.error().path("code").asString()).isEqualTo("chat-off");
    guest.send("chat", "to", "hosts", "text", "anyone there?");
    assertThat(guest.error().path("code").asString()).isEqualTo("chat-off");

    host.send("chat", "to", "everyone", "text", "Hosts only talk now");
    assertThat(guest.await("chat").path("text").asString()).isEqualTo("Hosts only talk now");
  }

  @Test
  void chatToHostsOnlyLetsParticipantsWriteToTheHostsAlone() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person lan = admittedGuest(host, meeting, "Lan");
    Person minh = admittedGuest(host, meeting, "Minh");
    host.send("setChatMode", "mode", "HOSTS_ONLY");
    lan.await("roomUpdated");

    lan.send("chat", "to", "everyone", "text", "to all");
    assertThat(lan.error().path("code").asString()).isEqualTo("chat-off");
    lan.send("chat", "to", "hosts", "text", "a question for the host");
    assertThat(host.await("chat").path("text").asString()).isEqualTo("a question for the host");
    assertThat(lan.await("chat").path("to").asString()).isEqualTo("hosts");

    host.send("chat", "to", "everyone", "text", "marker");
    awaitChat(minh.socket, "marker");
    assertThat(minh.socket.received())
        .noneMatch(f -> f.path("text").asString().equals("a question for the host"));
  }

  @Test
  void aPrivateMessageToTheHostsIsNotSeenByOtherParticipants() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person lan = admittedGuest(host, meeting, "Lan");
    Person minh = admittedGuest(host, meeting, "Minh");

    lan.send("chat", "to", "hosts", "text", "Minh is shouting");
    JsonNode atHost = awaitChat(host.socket, "Minh is shouting");
    assertThat(atHost.path("from").asString()).isEqualTo(lan.id);
    lan.send("chat", "to", "everyone", "text", "marker");
    awaitChat(minh.socket, "marker");
    assertThat(minh.socket.received())
        .noneMatch(f -> f.path("text").asString().equals("Minh is shouting"));

    host.send("chat", "to", lan.id, "text", "Thanks, on it");
    assertThat(awaitChat(lan.socket, "Thanks, on it").path("to").asString()).isEqualTo(lan.id);
    host.send("chat", "to", "everyone", "text", "marker 2");
    awaitChat(minh.socket, "marker 2");
    assertThat(minh.socket.received())
        .noneMatch(f -> f.path("text").asString().equals("Thanks, on it"));
  }

  @Test
  void participantsCannotWritePrivatelyToOneAnother() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person lan = admittedGuest(host, meeting, "Lan");
    Person minh = admittedGuest(host, meeting, "Minh");
    lan.send("chat", "to", minh.id, "text", "psst");
    assertThat(lan.error().path("code").asString()).isEqualTo("not-allowed");
  }

  @Test
  void chatFasterThanTheLimitIsRefusedWithChatRate() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    // 30 a minute by default; the frame limit (burst 40) lets 31 frames through at once.
    for (int i = 1; i <= 30; i++) {
      guest.send("chat", "to", "everyone", "text", "message " + i);
    }
    awaitChat(guest.socket, "message 30");
    guest.send("chat", "to", "everyone", "text", "one too many");
    JsonNode error = guest.error();
    assertThat(error.path("code").asString()).isEqualTo("chat-rate");
    assertThat(error.path("command").asString()).isEqualTo("chat");
    host.send("chat", "to", "everyone", "text", "marker");
    awaitChat(host.socket, "marker");
    assertThat(host.socket.received())
        .noneMatch(f -> f.path("text").asString().equals("one too many"));
  }

  @Test
  void renamingOneselfIsRefusedByDefault() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    RoomSnapshot before = snapshot(meeting);
    guest.send("renameSelf", "name", "The Host");
    assertThat(guest.error().path("code").asString()).isEqualTo("rename-forbidden");
    assertThat(snapshot(meeting)).isEqualTo(before);
  }

  @Test
  void whenRenamingIsAllowedGuestsMayRenameButPersonalLinksKeepTheirName() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, settings("renameAllowed", true));
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    Person invited = personalLink(browser(), meeting, inviteSecret(hostBrowser, meeting, "Bình"));
    admit(host, invited);

    guest.send("renameSelf", "name", "Lan Nguyen");
    assertThat(awaitUpdate(guest, guest.id, "name", "Lan Nguyen")).isNotNull();

    RoomSnapshot before = snapshot(meeting);
    invited.send("renameSelf", "name", "Someone Else");
    assertThat(invited.error().path("code").asString()).isEqualTo("rename-forbidden");
    assertThat(snapshot(meeting)).isEqualTo(before);
  }

  @Test
  void promotingSomeoneToCohostLetsThemAdmit() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person member = member(newMember(), meeting);
    admit(host, member);
    Person waiting = guest(meeting, "Minh");

    member.send("admit", "participant", waiting.id);
    assertThat(member.error().path("code").asString()).isEqualTo("not-allowed");

    host.send("setRole", "participant", member.id, "role", "COHOST");
    JsonNode promoted = member.await("welcome");
    assertThat(promoted.path("you").path("role").asString()).isEqualTo("COHOST");
    assertThat(promoted.path("waiting").toString()).contains(waiting.id);

    member.send("admit", "participant", waiting.id);
    assertThat(waiting.welcomed().path("you").path("name").asString()).isEqualTo("Minh");
  }

  @Test
  void suspendingActivitiesSilencesEveryoneButHostsTurnsChatOffAndLocks() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    guest.send("setOwnMedia", "audio", true, "video", true);
    awaitUpdate(guest, guest.id, "video", true);
    host.send("setScreenShare", "participant", guest.id, "allowed", true);
    awaitUpdate(guest, guest.id, "mayShareScreen", true);
    guest.send("shareScreen", "on", true);
    awaitUpdate(guest, guest.id, "screen", true);
    host.send("setOwnMedia", "audio", true, "video", true);
    awaitUpdate(host, host.id, "video", true);

    host.send("suspendActivities");
    JsonNode stopped = awaitUpdate(guest, guest.id, "screen", false).path("participant");
    assertThat(stopped.path("audio").asBoolean()).isFalse();
    assertThat(stopped.path("video").asBoolean()).isFalse();
    JsonNode room = guest.await("roomUpdated").path("room");
    assertThat(room.path("suspended").asBoolean()).isTrue();
    assertThat(room.path("locked").asBoolean()).isTrue();

    RoomSnapshot snap = snapshot(meeting);
    assertThat(snap.inside())
        .filteredOn(p -> p.id().equals(host.id))
        .singleElement()
        .matches(p -> p.audio() && p.video(), "the host keeps audio and video");

    for (String[] frame :
        List.of(
            new String[] {"chat", "to", "everyone", "text", "hello?", "chat-off"},
            new String[] {"chat", "to", "hosts", "text", "hello?", "chat-off"},
            new String[] {"setOwnMedia", "audio", "true", null, null, "unmute-forbidden"},
            new String[] {"setOwnMedia", "video", "true", null, null, "unmute-forbidden"},
            new String[] {"shareScreen", "on", "true", null, null, "share-forbidden"})) {
      if (frame[3] == null) {
        guest.send(frame[0], frame[1], Boolean.parseBoolean(frame[2]));
      } else {
        guest.send(frame[0], frame[1], frame[2], frame[3], frame[4]);
      }
      assertThat(guest.error().path("code").asString()).as(frame[0]).isEqualTo(frame[5]);
    }
    assertThat(snapshot(meeting)).isEqualTo(snap);

    Person newcomer = guest(meeting, "Minh");
    assertThat(newcomer.first.path("reason").asString()).isEqualTo("LOCKED");
    host.send("chat", "to", "everyone", "text", "Hosts still speak");
    awaitChat(guest.socket, "Hosts still speak");
  }

  @Test
  void resumingActivitiesLiftsTheSuspensionButKeepsTheLock() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    host.send("suspendActivities");
    guest.await("roomUpdated");
    guest.send("chat", "to", "everyone", "text", "hello?");
    assertThat(guest.error().path("code").asString()).isEqualTo("chat-off");

    guest.send("resumeActivities");
    assertThat(guest.error().path("code").asString()).isEqualTo("not-allowed");
    host.send("resumeActivities");
    JsonNode room = guest.await("roomUpdated").path("room");
    assertThat(room.path("suspended").asBoolean()).isFalse();
    assertThat(room.path("locked").asBoolean()).isTrue();
    assertThat(room.path("selfUnmute").asBoolean()).isFalse();

    guest.send("chat", "to", "everyone", "text", "back again");
    awaitChat(host.socket, "back again");
    guest.send("setOwnMedia", "video", true);
    awaitUpdate(guest, guest.id, "video", true);
    guest.send("setOwnMedia", "audio", true);
    assertThat(guest.error().path("code").asString()).isEqualTo("unmute-forbidden");
  }

  @Test
  void endingTheMeetingSendsEndedToEveryoneAndClosesTheirSockets() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    Person waiting = guest(meeting, "Minh");

    host.send("endMeeting");
    for (Person p : List.of(host, guest, waiting)) {
      p.await("ended");
      awaitClosed(p.socket);
    }
    // The room is let go (its last task may still be finishing: then it shows ended and empty).
    router
        .snapshot(id(meeting))
        .ifPresent(
            snap -> {
              assertThat(snap.ended()).isTrue();
              assertThat(snap.inside()).isEmpty();
              assertThat(snap.waiting()).isEmpty();
            });
    Person late = guest(meeting, "Hoa");
    assertThat(late.firstType()).as("a new room, waiting for a host").isEqualTo("waiting");
    assertThat(late.first.path("reason").asString()).isEqualTo("HOST_ABSENT");
  }

  // ---- helpers ----

  /** The next participantUpdated of this participant with this field at this value. */
  static JsonNode awaitUpdate(Person at, String id, String field, Object value) {
    return at.socket.await(
        f ->
            f.path("type").asString().equals("participantUpdated")
                && f.path("participant").path("id").asString().equals(id)
                && f.path("participant").path(field).asString().equals(String.valueOf(value)),
        "participantUpdated of " + id + " with " + field + "=" + value);
  }

  static JsonNode awaitChat(SignalingClient s, String text) {
    return s.await(
        f -> f.path("type").asString().equals("chat") && f.path("text").asString().equals(text),
        "chat '" + text + "'");
  }

  static void awaitClosed(SignalingClient s) {
    try {
      s.closed().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the server did not close the socket: " + s.received(), e);
    }
  }
}
