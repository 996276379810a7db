package org.conclave.server.room;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.conclave.media.MediaException;
import org.conclave.media.MediaNode;
import org.conclave.media.MediaPermissions;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.common.Buckets;
import org.conclave.server.common.Secrets;
import org.conclave.server.common.SerialExecutor;
import org.conclave.server.meeting.Ban;
import org.conclave.server.meeting.Meeting;
import org.conclave.server.protocol.ClientMessage;
import org.conclave.server.protocol.ErrorCode;
import org.conclave.server.protocol.Protocol;
import org.conclave.server.protocol.RoomEnums.Arrival;
import org.conclave.server.protocol.RoomEnums.ChatMode;
import org.conclave.server.protocol.RoomEnums.Refusal;
import org.conclave.server.protocol.RoomEnums.Role;
import org.conclave.server.protocol.RoomEnums.ScreenShareRule;
import org.conclave.server.protocol.RoomEnums.WaitReason;
import org.conclave.server.protocol.ServerMessage;
import org.conclave.server.protocol.ServerMessage.KnockView;
import org.conclave.server.protocol.ServerMessage.ParticipantView;
import org.conclave.server.protocol.ServerMessage.RoomView;
import org.conclave.server.protocol.ServerMessage.SecurityView;

/**
 * One live meeting: who is inside and waiting, the room's rules, and every change to them. All
 * state is touched only by tasks on this room's {@link SerialExecutor}; the public entry points
 * submit tasks and return. Commands are authorized here, against the live state, by {@link
 * RoomCommands}.
 */
final class Room {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Room.class);

  /** What the room needs from outside: audit, bans, and the router's resume-token index. */
  interface Services {
    RoomAudit audit();

    InstantSource clock();

    Duration resumeWindow();

    int chatPerMinute();

    void tokenIssued(String hash, Room room);

    void tokenRetired(String hash);

    void roomEmpty(Room room);

    /** The media server: each person inside has a peer there; nobody else does. */
    MediaNode media();

    /** TURN relay credentials for someone inside; empty when no relay is configured. */
    java.util.Optional<ServerMessage.IceServers> iceServers(String participantId);
  }

  final long meetingId;

  /** This live room's name in the media server (a new one each time the room goes live). */
  final String mediaRoomId;

  final SerialExecutor executor;
  final Services services;
  final Map<String, Participant> people = new LinkedHashMap<>();
  final Map<RoomConnection, Participant> byConnection = new java.util.HashMap<>();
  final Set<String> bannedAccounts = new java.util.HashSet<>();
  final Set<String> bannedInvites = new java.util.HashSet<>();
  final Set<String> bannedDevices = new java.util.HashSet<>();
  final Set<String> bannedAddresses = new java.util.HashSet<>();
  final RoomCommands commands;

  Meeting meeting;
  boolean locked;
  boolean waitingRoom;
  volatile boolean passcodeEntryPaused;
  boolean suspended;
  boolean ended;

  /** Set when the router has let go of this room; tasks that arrive later go to a new one. */
  boolean closed;

  ChatMode chatMode;
  ScreenShareRule screenShareRule;
  boolean selfUnmute;
  boolean renameAllowed;
  private long chatSequence;

  Room(Meeting meeting, List<Ban> bans, Executor pool, Services services) {
    this.meetingId = meeting.id();
    this.mediaRoomId = "meeting-" + meeting.id() + "-" + Secrets.token(6);
    this.executor = new SerialExecutor(pool);
    this.services = services;
    this.meeting = meeting;
    this.waitingRoom = meeting.settings().waitingRoom();
    this.chatMode = meeting.settings().chat();
    this.screenShareRule = meeting.settings().screenShare();
    this.selfUnmute = meeting.settings().selfUnmute();
    this.renameAllowed = meeting.settings().renameAllowed();
    for (Ban ban : bans) {
      addBan(ban.kind(), ban.value());
    }
    this.commands = new RoomCommands(this);
  }

  // ---- entering ----

  void enter(EntryPass pass, RoomConnection connection) {
    if (ended) {
      refuse(connection, Refusal.ENDED, pass, "meeting ended");
      return;
    }
    if (isBanned(pass)) {
      refuse(connection, Refusal.REMOVED, pass, "barred from rejoining");
      return;
    }
    Role role = roleFor(pass);
    if (locked && !role.isHost()) {
      refuse(connection, Refusal.LOCKED, pass, "meeting locked");
      return;
    }
    long now = services.clock().millis();
    Participant p =
        new Participant(
            Secrets.token(9),
            pass,
            role,
            Buckets.of(services.chatPerMinute(), Duration.ofMinutes(1), services.clock()),
            now);
    p.mayShareScreen = role.isHost();
    p.audio = !meeting.settings().muteOnEntry() || role.isHost();
    attach(p, connection);
    people.put(p.id, p);
    if (role.isHost()) {
      admitInside(p, null);
      releaseHostAbsentWaiters();
      return;
    }
    WaitReason reason = waitReasonFor(p);
    if (reason != null && waitingCount() > maxWaiting()) {
      people.remove(p.id);
      detach(p);
      refuse(connection, Refusal.FULL, pass, "waiting room full");
    } else if (reason != null) {
      wait(p, reason);
    } else if (insideCount() >= meeting.settings().participantLimit()) {
      people.remove(p.id);
      detach(p);
      refuse(connection, Refusal.FULL, pass, "meeting full");
    } else {
      admitInside(p, null);
    }
  }

  private WaitReason waitReasonFor(Participant p) {
    if (p.pass.inviteId() != null && inviteInUse(p.pass.inviteId(), p)) {
      return WaitReason.LINK_IN_USE;
    }
    if (p.pass.arrival() == Arrival.GUEST && bannedAddresses.contains(p.pass.address())) {
      return WaitReason.REMOVED_ADDRESS;
    }
    if (!hostPresent() && !meeting.settings().entryBeforeHost()) {
      return WaitReason.HOST_ABSENT;
    }
    return waitingRoom ? WaitReason.WAITING_ROOM : null;
  }

  private Role roleFor(EntryPass pass) {
    if (pass.userId() != null && pass.userId() == meeting.ownerId()) {
      return Role.HOST;
    }
    if (pass.userId() != null && meeting.cohostIds().contains(pass.userId())) {
      return Role.COHOST;
    }
    return pass.arrival() == Arrival.GUEST ? Role.GUEST : Role.PARTICIPANT;
  }

  boolean isBanned(EntryPass pass) {
    return pass.userId() != null && bannedAccounts.contains(pass.userId().toString())
        || pass.inviteId() != null && bannedInvites.contains(pass.inviteId().toString())
        || pass.deviceHash() != null && bannedDevices.contains(pass.deviceHash());
  }

  void addBan(Ban.Kind kind, String value) {
    switch (kind) {
      case ACCOUNT -> bannedAccounts.add(value);
      case INVITE -> bannedInvites.add(value);
      case DEVICE -> bannedDevices.add(value);
      case ADDRESS -> bannedAddresses.add(value);
    }
  }

  private boolean inviteInUse(long inviteId, Participant except) {
    return people.values().stream()
        .anyMatch(
            o ->
                o != except
                    && inviteId == (o.pass.inviteId() == null ? -1 : o.pass.inviteId())
                    && (o.inside() || o.waitReason != WaitReason.LINK_IN_USE));
  }

  private void refuse(RoomConnection c, Refusal reason, EntryPass pass, String detail) {
    c.send(new ServerMessage.Refused(reason));
    c.close("refused: " + reason);
    audit(
        AuditEvent.PARTICIPANT_REFUSED,
        new org.conclave.server.audit.Actor(pass.userId(), pass.name(), pass.address()),
        detail);
  }

  void wait(Participant p, WaitReason reason) {
    p.state = Participant.State.WAITING;
    p.waitReason = reason;
    send(p, new ServerMessage.Waiting(Protocol.VERSION, p.id, newResumeToken(p), reason));
    KnockView knock = p.knock(duplicateName(p));
    toHosts(new ServerMessage.Knock(knock));
    sendWaitingList();
    audit(AuditEvent.PARTICIPANT_WAITING, p, "waiting (" + reason + ") " + describe(p));
  }

  /** Moves someone inside; {@code admittedBy} is the host who let them in, or null. */
  void admitInside(Participant p, Participant admittedBy) {
    boolean wasWaiting = p.state == Participant.State.WAITING;
    p.state = Participant.State.INSIDE;
    p.waitReason = null;
    if (screenShareRule == ScreenShareRule.EVERYONE) {
      p.mayShareScreen = true;
    }
    if (suspended && !p.isHost()) {
      p.audio = false;
    }
    String token = newResumeToken(p);
    send(p, welcome(p, token));
    broadcastExcept(p, new ServerMessage.ParticipantJoined(p.view()));
    try {
      services.media().addPeer(mediaRoomId, p.id, mediaPermissions(p));
    } catch (MediaException e) {
      LOG.warn("No media for a participant of meeting {}: {}", meetingId, e.getMessage());
    }
    if (wasWaiting) {
      sendWaitingList();
    }
    if (admittedBy != null) {
      audit(AuditEvent.PARTICIPANT_ADMITTED, admittedBy, "admitted " + describe(p));
    } else {
      audit(AuditEvent.PARTICIPANT_ENTERED, p, "entered as " + p.role + " " + describe(p));
    }
  }

  /** When the first host arrives, those waiting for one move on. */
  private void releaseHostAbsentWaiters() {
    for (Participant w : new ArrayList<>(people.values())) {
      if (w.state == Participant.State.WAITING && w.waitReason == WaitReason.HOST_ABSENT) {
        if (waitingRoom) {
          w.waitReason = WaitReason.WAITING_ROOM;
          send(
              w,
              new ServerMessage.Waiting(
                  Protocol.VERSION, w.id, newResumeToken(w), WaitReason.WAITING_ROOM));
          toHosts(new ServerMessage.Knock(w.knock(duplicateName(w))));
        } else if (insideCount() < meeting.settings().participantLimit()) {
          admitInside(w, null);
        }
      }
    }
    sendWaitingList();
  }

  // ---- resuming and leaving ----

  void resume(String hash, RoomConnection connection) {
    Participant p =
        people.values().stream().filter(o -> hash.equals(o.resumeHash)).findFirst().orElse(null);
    if (p == null) {
      connection.send(
          new ServerMessage.Error(
              ErrorCode.RESUME_INVALID.code(),
              "resume",
              "That session cannot be resumed: join again."));
      return;
    }
    RoomConnection old = p.connection;
    if (old != null && old != connection) {
      byConnection.remove(old);
      old.close("replaced by a resumed connection");
    }
    attach(p, connection);
    if (p.inside()) {
      send(p, welcome(p, newResumeToken(p)));
      broadcastExcept(p, new ServerMessage.ParticipantUpdated(p.view()));
    } else {
      send(p, new ServerMessage.Waiting(Protocol.VERSION, p.id, newResumeToken(p), p.waitReason));
    }
  }

  void disconnected(RoomConnection connection) {
    Participant p = byConnection.remove(connection);
    if (p == null || p.connection != connection) {
      return;
    }
    p.connection = null;
    p.disconnectedAt = services.clock().millis();
    if (p.inside()) {
      broadcastExcept(p, new ServerMessage.ParticipantUpdated(p.view()));
    }
  }

  void leave(RoomConnection connection) {
    Participant p = byConnection.get(connection);
    if (p != null) {
      depart(p, "left");
      connection.close("left");
    }
  }

  /** Forgets people whose connection has been gone longer than the resume window. */
  void tick() {
    long cutoff = services.clock().millis() - services.resumeWindow().toMillis();
    for (Participant p : new ArrayList<>(people.values())) {
      if (p.connection == null && p.disconnectedAt <= cutoff) {
        depart(p, "connection-lost");
      }
    }
  }

  /** Takes someone out of the room and tells the others. */
  void depart(Participant p, String reason) {
    people.remove(p.id);
    detach(p);
    if (p.inside()) {
      services.media().removePeer(mediaRoomId, p.id);
    }
    if (p.inside()) {
      broadcast(new ServerMessage.ParticipantLeft(p.id, reason));
      audit(AuditEvent.PARTICIPANT_LEFT, p, reason + " " + describe(p));
    } else {
      sendWaitingList();
      audit(AuditEvent.PARTICIPANT_LEFT, p, reason + " while waiting " + describe(p));
    }
    if (people.isEmpty()) {
      audit(
          AuditEvent.MEETING_ENDED,
          org.conclave.server.audit.Actor.system(),
          "room closed: everyone left");
      services.roomEmpty(this);
    }
  }

  // ---- commands ----

  void command(RoomConnection connection, ClientMessage message) {
    Participant p = byConnection.get(connection);
    if (p == null) {
      connection.send(error(ErrorCode.NOT_IN_ROOM, message, "Join the meeting first."));
      return;
    }
    commands.handle(p, message);
  }

  // ---- views and sending ----

  ServerMessage.Welcome welcome(Participant p, String token) {
    List<KnockView> waiting = p.isHost() ? waitingList() : List.of();
    ServerMessage.IceServers relays = iceServers(p);
    return new ServerMessage.Welcome(
        Protocol.VERSION,
        p.view(),
        token,
        view(),
        insideViews(),
        waiting,
        relays.iceServers(),
        relays.expiresAt());
  }

  /** TURN relays with fresh credentials for {@code p} (none when no relay is configured). */
  ServerMessage.IceServers iceServers(Participant p) {
    return services.iceServers(p.id).orElse(new ServerMessage.IceServers(List.of(), 0));
  }

  RoomView view() {
    var s = meeting.settings();
    return new RoomView(
        meeting.title(),
        org.conclave.server.meeting.MeetingCode.format(meeting.code()),
        locked,
        waitingRoom,
        passcodeEntryPaused,
        suspended,
        chatMode,
        screenShareRule,
        selfUnmute,
        renameAllowed,
        s.participantLimit(),
        new SecurityView(
            s.passcodeRequired(),
            s.entry(),
            s.personalLinksRequired(),
            s.entryBeforeHost(),
            false,
            false));
  }

  List<ParticipantView> insideViews() {
    return people.values().stream()
        .filter(Participant::inside)
        .map(Participant::view)
        .sorted(Comparator.comparing(ParticipantView::id))
        .toList();
  }

  List<KnockView> waitingList() {
    return people.values().stream()
        .filter(p -> p.state == Participant.State.WAITING)
        .map(p -> p.knock(duplicateName(p)))
        .toList();
  }

  RoomSnapshot snapshot() {
    int bans =
        bannedAccounts.size()
            + bannedInvites.size()
            + bannedDevices.size()
            + bannedAddresses.size();
    return new RoomSnapshot(view(), insideViews(), waitingList(), bans, ended, mediaRoomId);
  }

  void sendWaitingList() {
    toHosts(new ServerMessage.WaitingRoom(waitingList()));
  }

  void roomChanged() {
    broadcast(new ServerMessage.RoomUpdated(view()));
  }

  void updated(Participant p) {
    if (p.inside()) {
      services.media().setPermissions(mediaRoomId, p.id, mediaPermissions(p));
    }
    broadcast(new ServerMessage.ParticipantUpdated(p.view()));
  }

  /**
   * What the media server forwards from this person: exactly what the room shows as on. A host's
   * mute, stop-video or withdrawn screen grant turns the source off here, and the media server
   * drops it from the next packet, whatever the browser keeps sending.
   */
  static MediaPermissions mediaPermissions(Participant p) {
    return new MediaPermissions(p.audio, p.video, p.screen && p.mayShareScreen);
  }

  /** A media transport of someone inside closed (consent expired, DTLS ended). */
  void mediaTransportClosed(String participantId, String reason) {
    Participant p = people.get(participantId);
    if (p != null && p.inside() && p.connection == null && reason.startsWith("consent-expired")) {
      // The browser is gone: its signaling dropped and its media stopped answering.
      depart(p, "connection-lost");
    }
  }

  void send(Participant p, ServerMessage m) {
    if (p.connection != null) {
      p.connection.send(m);
    }
  }

  void broadcast(ServerMessage m) {
    forInside(p -> send(p, m));
  }

  void broadcastExcept(Participant except, ServerMessage m) {
    forInside(
        p -> {
          if (p != except) {
            send(p, m);
          }
        });
  }

  void toHosts(ServerMessage m) {
    forInside(
        p -> {
          if (p.isHost()) {
            send(p, m);
          }
        });
  }

  void toWaiting(ServerMessage m) {
    for (Participant p : people.values()) {
      if (p.state == Participant.State.WAITING) {
        send(p, m);
      }
    }
  }

  private void forInside(Consumer<Participant> action) {
    for (Participant p : people.values()) {
      if (p.inside()) {
        action.accept(p);
      }
    }
  }

  String nextChatId() {
    return Long.toString(++chatSequence);
  }

  // ---- helpers ----

  boolean hostPresent() {
    return people.values().stream().anyMatch(p -> p.inside() && p.isHost());
  }

  int waitingCount() {
    return (int) people.values().stream().filter(p -> !p.inside()).count();
  }

  /** The waiting room holds at most as many people as the meeting, and at least 50. */
  private int maxWaiting() {
    return Math.max(50, meeting.settings().participantLimit());
  }

  int insideCount() {
    return (int) people.values().stream().filter(Participant::inside).count();
  }

  boolean duplicateName(Participant p) {
    String name = fold(p.name);
    return people.values().stream()
        .anyMatch(o -> o != p && o.inside() && fold(o.name).equals(name));
  }

  private static String fold(String name) {
    return java.text.Normalizer.normalize(name.strip(), java.text.Normalizer.Form.NFKC)
        .toLowerCase(Locale.ROOT);
  }

  private void attach(Participant p, RoomConnection connection) {
    p.connection = connection;
    p.disconnectedAt = 0;
    byConnection.put(connection, p);
  }

  void detach(Participant p) {
    if (p.connection != null) {
      byConnection.remove(p.connection);
    }
    if (p.resumeHash != null) {
      services.tokenRetired(p.resumeHash);
      p.resumeHash = null;
    }
  }

  private String newResumeToken(Participant p) {
    if (p.resumeHash != null) {
      services.tokenRetired(p.resumeHash);
    }
    String token = Secrets.token();
    p.resumeHash = Secrets.sha256Hex(token);
    services.tokenIssued(p.resumeHash, this);
    return token;
  }

  static ServerMessage.Error error(ErrorCode code, ClientMessage m, String message) {
    return new ServerMessage.Error(code.code(), m == null ? null : m.type(), message);
  }

  void audit(AuditEvent event, Participant actor, String detail) {
    services.audit().record(event, RoomAudit.actor(actor), meetingId, detail);
  }

  void audit(AuditEvent event, org.conclave.server.audit.Actor actor, String detail) {
    services.audit().record(event, actor, meetingId, detail);
  }

  static String describe(Participant p) {
    String how =
        switch (p.pass.arrival()) {
          case MEMBER -> "signed-in member (account " + p.pass.userId() + ")";
          case PERSONAL_LINK -> "personal link " + p.pass.inviteId() + " of " + p.pass.name();
          case GUEST -> "guest with passcode";
        };
    return "'" + p.name + "' [" + p.id + "] " + how + " from " + p.pass.address();
  }
}
