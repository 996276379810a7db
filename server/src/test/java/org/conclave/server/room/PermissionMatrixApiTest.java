package org.conclave.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.server.protocol.ErrorCode.ALREADY_IN_ROOM;
import static org.conclave.server.protocol.ErrorCode.MEDIA_REJECTED;
import static org.conclave.server.protocol.ErrorCode.NOT_ALLOWED;
import static org.conclave.server.protocol.ErrorCode.NOT_IN_ROOM;
import static org.conclave.server.protocol.ErrorCode.RENAME_FORBIDDEN;
import static org.conclave.server.protocol.ErrorCode.RESUME_INVALID;
import static org.conclave.server.protocol.ErrorCode.SHARE_FORBIDDEN;
import static org.conclave.server.protocol.ErrorCode.TICKET_INVALID;
import static org.conclave.server.protocol.ErrorCode.WAITING;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.conclave.server.protocol.ClientMessage;
import org.conclave.server.protocol.ClientMessage.*;
import org.conclave.server.protocol.ErrorCode;
import org.conclave.server.protocol.Protocol;
import org.conclave.server.protocol.ProtocolCodec;
import org.conclave.server.protocol.RoomEnums;
import org.conclave.server.testing.Browser;
import org.conclave.server.testing.SignalingClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The permission matrix: every frame the protocol defines, sent by every kind of sender that must
 * not (or may) send it, over a real socket into a live room. A refusal is an {@code error} frame
 * with the expected code and leaves the room's whole state ({@link RoomRouter#snapshot}) as it was.
 * The table is checked against the protocol's sealed interfaces: a message type without a row, or a
 * row without an outcome for some sender, fails every test here.
 */
class PermissionMatrixApiTest extends RoomApiTest {

  @Autowired ProtocolCodec codec;

  /** Who sends. */
  enum Sender {
    /** A signed-in member of the organisation, admitted. */
    PARTICIPANT,
    /** A guest with the passcode, admitted. */
    GUEST,
    /** A guest on the waiting page. */
    WAITING,
    /** A guest the host removed, on a new socket (old ticket and resume token refused). */
    REMOVED,
    /** A socket that never said hello. */
    UNAUTHENTICATED,
    /** A co-host of the meeting (host-only commands must be refused). */
    COHOST
  }

  /** What the sender gets for a frame. */
  record Outcome(String error, String answer, boolean hostsHear, boolean leaves) {
    static Outcome refused(ErrorCode code) {
      return new Outcome(code.code(), null, false, false);
    }

    /** Allowed: the sender gets a frame of this type. */
    static Outcome answered(String type) {
      return new Outcome(null, type, false, false);
    }

    /** Allowed: the hosts get a frame of this type. */
    static Outcome hostsHear(String type) {
      return new Outcome(null, type, true, false);
    }

    /** Allowed for this sender; not sent here (the behaviour tests cover what it does). */
    static final Outcome ALLOWED_NOT_SENT = new Outcome(null, null, false, false);

    /** The socket is closed and the sender is out of the room. */
    static final Outcome LEAVES = new Outcome(null, null, false, true);
  }

  /** The people of the room a frame may name. */
  static final class Ids {
    String host = "h0000000000A";
    String member = "m0000000000A";
    String guest = "g0000000000A";
    String waiting = "w0000000000A";
    String removedTicket = BOGUS;
    String removedToken = BOGUS;

    /** Someone real other than the sender. */
    String other(Sender s) {
      return s == Sender.PARTICIPANT ? guest : member;
    }
  }

  record Row(BiFunction<Ids, Sender, ClientMessage> frame, Map<Sender, Outcome> outcomes) {}

  private static final String BOGUS = "A".repeat(43);

  /** The table: every client frame, and what each sender gets for it. Leave comes last. */
  static final Map<Class<?>, Row> TABLE = new LinkedHashMap<>();

  static {
    // ---- host commands: refused for everyone but hosts (some for everyone but the host) ----
    host(Admit.class, (ids, s) -> new Admit(ids.waiting));
    host(Deny.class, (ids, s) -> new Deny(ids.waiting));
    host(AdmitAll.class, (ids, s) -> new AdmitAll());
    host(DenyAll.class, (ids, s) -> new DenyAll());
    host(MessageWaitingRoom.class, (ids, s) -> new MessageWaitingRoom("Come in at ten"));
    host(LockMeeting.class, (ids, s) -> new LockMeeting(true));
    host(SetWaitingRoom.class, (ids, s) -> new SetWaitingRoom(false));
    host(PausePasscodeEntry.class, (ids, s) -> new PausePasscodeEntry(true));
    host(Remove.class, (ids, s) -> new Remove(ids.other(s), true));
    host(MuteParticipant.class, (ids, s) -> new MuteParticipant(ids.host));
    host(MuteAll.class, (ids, s) -> new MuteAll(false));
    host(SetSelfUnmute.class, (ids, s) -> new SetSelfUnmute(false));
    host(StopVideo.class, (ids, s) -> new StopVideo(ids.other(s)));
    host(SetScreenShare.class, (ids, s) -> new SetScreenShare(ids.other(s), true));
    host(
        SetScreenShareRule.class,
        (ids, s) -> new SetScreenShareRule(RoomEnums.ScreenShareRule.EVERYONE));
    host(SetChatMode.class, (ids, s) -> new SetChatMode(RoomEnums.ChatMode.OFF));
    host(SetRenameAllowed.class, (ids, s) -> new SetRenameAllowed(true));
    host(RenameParticipant.class, (ids, s) -> new RenameParticipant(ids.other(s), "Mallory"));
    host(LowerHand.class, (ids, s) -> new LowerHand(ids.other(s)));
    hostOnly(SetRole.class, (ids, s) -> new SetRole(ids.member, RoomEnums.Role.COHOST));
    host(SuspendActivities.class, (ids, s) -> new SuspendActivities());
    host(ResumeActivities.class, (ids, s) -> new ResumeActivities());
    host(ReportIncident.class, (ids, s) -> new ReportIncident("Nothing happened"));
    hostOnly(EndMeeting.class, (ids, s) -> new EndMeeting());

    // ---- participant frames: people inside, within the room's rules ----
    participant(
        SendChat.class,
        (ids, s) -> new SendChat("everyone", "Hello all"),
        Outcome.answered("chat"),
        Outcome.answered("chat"));
    participant(
        SetOwnMedia.class,
        (ids, s) -> new SetOwnMedia(true, null),
        Outcome.answered("participantUpdated"),
        Outcome.answered("participantUpdated"));
    participant(
        ShareScreen.class,
        (ids, s) -> new ShareScreen(true),
        Outcome.refused(SHARE_FORBIDDEN),
        Outcome.answered("participantUpdated"));
    participant(
        RequestScreenShare.class,
        (ids, s) -> new RequestScreenShare(),
        Outcome.hostsHear("screenShareRequested"),
        Outcome.hostsHear("screenShareRequested"));
    participant(
        RaiseHand.class,
        (ids, s) -> new RaiseHand(true),
        Outcome.answered("participantUpdated"),
        Outcome.answered("participantUpdated"));
    participant(
        RenameSelf.class,
        (ids, s) -> new RenameSelf("Someone Else"),
        Outcome.refused(RENAME_FORBIDDEN),
        Outcome.answered("participantUpdated"));

    // Media: someone waiting has no media path at all; inside, the media server judges the SDP
    // (these are not SDP at all) and the room is unchanged.
    participant(
        PublishOffer.class,
        (ids, s) -> new PublishOffer("v=0", List.of(new PublishedTrack("0", "microphone"))),
        Outcome.refused(MEDIA_REJECTED),
        Outcome.refused(MEDIA_REJECTED));
    participant(
        SubscribeAnswer.class,
        (ids, s) -> new SubscribeAnswer("v=0"),
        Outcome.refused(MEDIA_REJECTED),
        Outcome.refused(MEDIA_REJECTED));
    participant(
        RestartMedia.class,
        (ids, s) -> new RestartMedia(false),
        Outcome.ALLOWED_NOT_SENT,
        Outcome.ALLOWED_NOT_SENT);
    participant(
        VideoSizes.class,
        (ids, s) -> new VideoSizes(List.of(new VideoSize("1", 360))),
        Outcome.ALLOWED_NOT_SENT,
        Outcome.ALLOWED_NOT_SENT);
    // Relay credentials: only for people inside (someone waiting has no media path to relay).
    participant(
        RequestIceServers.class,
        (ids, s) -> new RequestIceServers(),
        Outcome.answered("iceServers"),
        Outcome.answered("iceServers"));

    // ---- session frames: any socket ----
    session(
        Hello.class,
        (ids, s) -> new Hello(Protocol.VERSION, s == Sender.REMOVED ? ids.removedTicket : BOGUS),
        Outcome.refused(ALREADY_IN_ROOM),
        Outcome.refused(TICKET_INVALID));
    session(
        Resume.class,
        (ids, s) -> new Resume(Protocol.VERSION, s == Sender.REMOVED ? ids.removedToken : BOGUS),
        Outcome.refused(ALREADY_IN_ROOM),
        Outcome.refused(RESUME_INVALID));
    session(Ping.class, (ids, s) -> new Ping(), Outcome.answered("pong"), Outcome.answered("pong"));
    session(Leave.class, (ids, s) -> new Leave(), Outcome.LEAVES, Outcome.LEAVES);
  }

  private static void host(Class<?> type, BiFunction<Ids, Sender, ClientMessage> frame) {
    hostCommand(type, frame, Outcome.ALLOWED_NOT_SENT);
  }

  private static void hostOnly(Class<?> type, BiFunction<Ids, Sender, ClientMessage> frame) {
    hostCommand(type, frame, Outcome.refused(NOT_ALLOWED));
  }

  private static void hostCommand(
      Class<?> type, BiFunction<Ids, Sender, ClientMessage> frame, Outcome cohost) {
    Map<Sender, Outcome> o = new EnumMap<>(Sender.class);
    o.put(Sender.PARTICIPANT, Outcome.refused(NOT_ALLOWED));
    o.put(Sender.GUEST, Outcome.refused(NOT_ALLOWED));
    o.put(Sender.WAITING, Outcome.refused(WAITING));
    o.put(Sender.REMOVED, Outcome.refused(NOT_IN_ROOM));
    o.put(Sender.UNAUTHENTICATED, Outcome.refused(NOT_IN_ROOM));
    o.put(Sender.COHOST, cohost);
    TABLE.put(type, new Row(frame, o));
  }

  private static void participant(
      Class<?> type, BiFunction<Ids, Sender, ClientMessage> frame, Outcome inside, Outcome cohost) {
    Map<Sender, Outcome> o = new EnumMap<>(Sender.class);
    o.put(Sender.PARTICIPANT, inside);
    o.put(Sender.GUEST, inside);
    o.put(Sender.WAITING, Outcome.refused(WAITING));
    o.put(Sender.REMOVED, Outcome.refused(NOT_IN_ROOM));
    o.put(Sender.UNAUTHENTICATED, Outcome.refused(NOT_IN_ROOM));
    o.put(Sender.COHOST, cohost);
    TABLE.put(type, new Row(frame, o));
  }

  private static void session(
      Class<?> type,
      BiFunction<Ids, Sender, ClientMessage> frame,
      Outcome joined,
      Outcome notJoined) {
    Map<Sender, Outcome> o = new EnumMap<>(Sender.class);
    o.put(Sender.PARTICIPANT, joined);
    o.put(Sender.GUEST, joined);
    o.put(Sender.WAITING, joined);
    o.put(Sender.COHOST, joined);
    o.put(Sender.REMOVED, notJoined);
    o.put(Sender.UNAUTHENTICATED, notJoined);
    TABLE.put(type, new Row(frame, o));
  }

  // ---- the table against the protocol ----

  @Test
  void everyClientMessageTypeHasARowWithAnOutcomeForEverySender() {
    assertTableCoversTheProtocol();
  }

  private void assertTableCoversTheProtocol() {
    Set<Class<?>> defined = new HashSet<>(ProtocolCodec.leaves(ClientMessage.class));
    assertThat(TABLE.keySet())
        .as("the permission table must have one row per client message type")
        .containsExactlyInAnyOrderElementsOf(defined);
    Ids ids = new Ids();
    TABLE.forEach(
        (type, row) -> {
          assertThat(row.outcomes().keySet())
              .as("senders in the row of %s", type.getSimpleName())
              .containsExactlyInAnyOrder(Sender.values());
          for (Sender s : Sender.values()) {
            assertThat(row.frame().apply(ids, s)).isInstanceOf(type);
          }
        });
    List<Class<?>> order = List.copyOf(TABLE.keySet());
    assertThat(order.get(order.size() - 1)).isEqualTo(Leave.class);
  }

  // ---- one test per sender ----

  @Test
  void aSignedInParticipantIsRefusedEveryHostCommand() {
    runMatrix(Sender.PARTICIPANT);
  }

  @Test
  void aGuestIsRefusedEveryHostCommand() {
    runMatrix(Sender.GUEST);
  }

  @Test
  void someoneWaitingIsRefusedEverythingButSessionFrames() {
    runMatrix(Sender.WAITING);
  }

  @Test
  void aRemovedParticipantCannotComeBackWithTheirOldTicketOrTokenNorCommandAnything() {
    runMatrix(Sender.REMOVED);
  }

  @Test
  void aSocketThatNeverSaidHelloIsRefusedEverything() {
    runMatrix(Sender.UNAUTHENTICATED);
  }

  @Test
  void aCohostIsRefusedTheHostOnlyCommandsAndCannotActOnTheHost() {
    Fixture f = runMatrixAnd(Sender.COHOST, false);
    RoomSnapshot before = snapshot(f.meeting);
    f.sender.send(codec.encode(new MuteParticipant(f.ids.host)));
    JsonNode error = f.sender.await("error");
    assertThat(error.path("code").asString()).isEqualTo(ErrorCode.FORBIDDEN_TARGET.code());
    assertThat(snapshot(f.meeting)).isEqualTo(before);
  }

  // ---- the room and the run ----

  /** A room with a host, a co-host, a member and a guest inside, and a guest waiting. */
  record Fixture(JsonNode meeting, Person host, Ids ids, SignalingClient sender) {}

  private void runMatrix(Sender sender) {
    runMatrixAnd(sender, true);
  }

  private Fixture runMatrixAnd(Sender sender, boolean includeLeave) {
    assertTableCoversTheProtocol();
    Browser hostBrowser = newHost();
    var cohostAccount = createUser(newUsername("cohost"), org.conclave.server.account.Role.MEMBER);
    Browser cohostBrowser = signedIn(cohostAccount);
    JsonNode meeting = meeting(hostBrowser, null, cohostAccount.username());
    Person host = hostEnters(hostBrowser, meeting);
    Person cohost = hostEnters(cohostBrowser, meeting);
    assertThat(cohost.first.path("you").path("role").asString()).isEqualTo("COHOST");
    Person member = member(newMember(), meeting);
    admit(host, member);
    Person guest = admittedGuest(host, meeting, "Lan");
    Person waiting = guest(meeting, "Minh");
    assertThat(waiting.firstType()).isEqualTo("waiting");

    Ids ids = new Ids();
    ids.host = host.id;
    ids.member = member.id;
    ids.guest = guest.id;
    ids.waiting = waiting.id;

    SignalingClient socket =
        switch (sender) {
          case PARTICIPANT -> member.socket;
          case GUEST -> guest.socket;
          case WAITING -> waiting.socket;
          case COHOST -> cohost.socket;
          case UNAUTHENTICATED -> socket(browser());
          case REMOVED -> removed(meeting, host, ids);
        };
    Fixture f = new Fixture(meeting, host, ids, socket);
    TABLE.forEach(
        (type, row) -> {
          if (type != Leave.class || includeLeave) {
            check(f, sender, type, row);
          }
        });
    return f;
  }

  /** A guest let in and removed by the host; their old ticket and token fail on a new socket. */
  private SignalingClient removed(JsonNode meeting, Person host, Ids ids) {
    Person out = admittedGuest(host, meeting, "Tuan");
    host.send("remove", "participant", out.id, "banRejoin", false);
    assertThat(out.await("removed").path("banned").asBoolean()).isFalse();
    await(out.socket);
    host.await("participantLeft");
    ids.removedTicket = out.ticket;
    ids.removedToken = out.resumeToken;

    RoomSnapshot before = snapshot(meeting);
    SignalingClient again = socket(out.browser);
    again.send("resume", "v", 1, "token", out.resumeToken);
    assertThat(again.await("error").path("code").asString()).isEqualTo(RESUME_INVALID.code());
    again.send("hello", "v", 1, "ticket", out.ticket);
    assertThat(again.await("error").path("code").asString()).isEqualTo(TICKET_INVALID.code());
    assertThat(snapshot(meeting)).isEqualTo(before);
    return again;
  }

  private void check(Fixture f, Sender sender, Class<?> type, Row row) {
    Outcome expected = row.outcomes().get(sender);
    if (expected == Outcome.ALLOWED_NOT_SENT) {
      return;
    }
    ClientMessage message = row.frame().apply(f.ids, sender);
    String wire = message.type();
    String what = sender + " sending " + wire;
    RoomSnapshot before = snapshot(f.meeting);
    paceUnderTheFrameLimit();
    f.sender.send(codec.encode(message));

    if (expected.leaves()) {
      await(f.sender);
      RoomSnapshot after = snapshot(f.meeting);
      String who = sender == Sender.WAITING ? f.ids.waiting : null;
      if (sender == Sender.REMOVED || sender == Sender.UNAUTHENTICATED) {
        assertThat(after).as(what).isEqualTo(before);
      } else if (who != null) {
        assertThat(after.waiting()).as(what).noneMatch(k -> k.id().equals(who));
      } else {
        JsonNode left = f.host.await("participantLeft");
        assertThat(left.path("reason").asString()).as(what).isEqualTo("left");
        String id = left.path("participantId").asString();
        assertThat(after.inside()).as(what).noneMatch(p -> p.id().equals(id));
        assertThat(before.inside()).as(what).anyMatch(p -> p.id().equals(id));
      }
      return;
    }
    if (expected.error() != null) {
      JsonNode error = f.sender.await("error");
      assertThat(error.path("code").asString())
          .as(what + ": %s", error)
          .isEqualTo(expected.error());
      assertThat(error.path("command").asString()).as(what).isEqualTo(wire);
      assertThat(snapshot(f.meeting)).as(what + " must change nothing").isEqualTo(before);
      return;
    }
    SignalingClient hears = expected.hostsHear() ? f.host.socket : f.sender;
    JsonNode answer =
        hears.await(
            x ->
                x.path("type").asString().equals(expected.answer())
                    || x.path("type").asString().equals("error")
                        && x.path("command").asString().equals(wire),
            what + " answered by " + expected.answer());
    assertThat(answer.path("type").asString())
        .as(what + ": %s", answer)
        .isEqualTo(expected.answer());
  }

  /**
   * One frame per 60 ms: the matrix sends more frames on one socket than the signaling burst allows
   * (40, refilled at 20 a second), and a frame dropped by the rate limit (the last one is {@code
   * leave}) would be a test of the limiter, not of the permission.
   */
  private static void paceUnderTheFrameLimit() {
    try {
      Thread.sleep(60);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void await(SignalingClient s) {
    try {
      s.closed().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the server did not close the socket: " + s.received(), e);
    }
  }
}
