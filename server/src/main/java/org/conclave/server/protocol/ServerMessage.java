package org.conclave.server.protocol;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * Every frame the server sends on {@code /ws}. Someone waiting receives only {@link Waiting},
 * {@link WaitingMessage}, {@link Pong}, {@link Error} and then {@link Welcome}, {@link Denied},
 * {@link Removed}, {@link Refused} or {@link Ended}: never the roster, the chat or the meeting's
 * title. {@code docs/protocol.md} is the contract.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public sealed interface ServerMessage {

  // ---- the connection's own state ----

  /**
   * Admitted: who you are, how to resume, the room as it is now, and the TURN relays for media
   * ({@code iceServers}, empty when none is configured) with the time their credentials stop
   * working ({@code iceServersExpireAt}, epoch milliseconds, 0 without relays).
   */
  @JsonTypeName("welcome")
  record Welcome(
      int v,
      ParticipantView you,
      String resumeToken,
      RoomView room,
      List<ParticipantView> participants,
      List<KnockView> waiting,
      List<IceServer> iceServers,
      long iceServersExpireAt)
      implements ServerMessage {}

  /** A TURN relay, in the shape of the browser's {@code RTCIceServer}. */
  record IceServer(List<String> urls, String username, String credential) {}

  /**
   * New relay credentials, the answer to {@code requestIceServers}; {@code expiresAt} in epoch
   * milliseconds.
   */
  @JsonTypeName("iceServers")
  record IceServers(List<IceServer> iceServers, long expiresAt) implements ServerMessage {}

  /** On the waiting page, for the reason given. */
  @JsonTypeName("waiting")
  record Waiting(int v, String participantId, String resumeToken, RoomEnums.WaitReason reason)
      implements ServerMessage {}

  /** A host's message to the waiting room. */
  @JsonTypeName("waitingMessage")
  record WaitingMessage(String text) implements ServerMessage {}

  /** Turned away at the door (the socket closes). */
  @JsonTypeName("refused")
  record Refused(RoomEnums.Refusal reason) implements ServerMessage {}

  /** A host declined to let you in (the socket closes). */
  @JsonTypeName("denied")
  record Denied() implements ServerMessage {}

  /** A host removed you (the socket closes); {@code banned}: you cannot come back. */
  @JsonTypeName("removed")
  record Removed(boolean banned) implements ServerMessage {}

  /** The meeting ended for everyone (the socket closes). */
  @JsonTypeName("ended")
  record Ended() implements ServerMessage {}

  @JsonTypeName("pong")
  record Pong() implements ServerMessage {}

  /**
   * A frame was refused. {@code command} is the refused frame's type when it could be read. Nothing
   * changed.
   */
  @JsonTypeName("error")
  record Error(String code, String command, String message) implements ServerMessage {}

  // ---- the room, for people inside ----

  @JsonTypeName("participantJoined")
  record ParticipantJoined(ParticipantView participant) implements ServerMessage {}

  @JsonTypeName("participantUpdated")
  record ParticipantUpdated(ParticipantView participant) implements ServerMessage {}

  /** Someone left; {@code reason}: left, removed, connection-lost, denied, ended. */
  @JsonTypeName("participantLeft")
  record ParticipantLeft(String participantId, String reason) implements ServerMessage {}

  /** The room's settings and security state changed. */
  @JsonTypeName("roomUpdated")
  record RoomUpdated(RoomView room) implements ServerMessage {}

  /**
   * A chat message. {@code to}: "everyone", "hosts", or the recipient's id for a host's private
   * message. Text only: clients render it as text and link nothing but http(s) addresses.
   */
  @JsonTypeName("chat")
  record Chat(String id, String from, String fromName, String to, String text, long at)
      implements ServerMessage {}

  // ---- for hosts ----

  /** Someone new is waiting (hosts play a sound and show a badge). */
  @JsonTypeName("knock")
  record Knock(KnockView entry) implements ServerMessage {}

  /** The whole waiting room, after every change. */
  @JsonTypeName("waitingRoom")
  record WaitingRoom(List<KnockView> entries) implements ServerMessage {}

  /** A participant asks to share their screen. */
  @JsonTypeName("screenShareRequested")
  record ScreenShareRequested(String participantId, String name) implements ServerMessage {}

  /**
   * Repeated failed entries with this meeting's code: someone may be guessing the passcode. Hosts
   * may pause passcode entry; personal links keep working.
   */
  @JsonTypeName("securityAlert")
  record SecurityAlert(String kind, int failures, boolean passcodeEntryPaused)
      implements ServerMessage {}

  // ---- media ----

  /** The answer to the participant's {@code publishOffer}. */
  @JsonTypeName("publishAnswer")
  record PublishAnswer(String sdp) implements ServerMessage {}

  /** An offer for the participant's subscribe connection, with whose track each m-line is. */
  @JsonTypeName("subscribeOffer")
  record SubscribeOffer(String sdp, List<OfferedTrackView> tracks) implements ServerMessage {}

  /** The dominant speaker changed ({@code participantId} null: nobody speaks). */
  @JsonTypeName("speaker")
  record Speaker(String participantId) implements ServerMessage {}

  /** The incident report was recorded. */
  @JsonTypeName("incidentRecorded")
  record IncidentRecorded() implements ServerMessage {}

  // ---- views ----

  /** One m-line of a subscribe offer: {@code source} is microphone, camera or screen. */
  record OfferedTrackView(String mid, String participantId, String source) {}

  /** One person in the room as everyone inside sees them. */
  record ParticipantView(
      String id,
      String name,
      RoomEnums.Role role,
      RoomEnums.Arrival arrival,
      String invitedAs,
      boolean audio,
      boolean video,
      boolean screen,
      boolean mayShareScreen,
      boolean handRaised,
      boolean connected) {}

  /** One person waiting, as hosts see them. */
  record KnockView(
      String id,
      String name,
      RoomEnums.Arrival arrival,
      String invitedAs,
      RoomEnums.WaitReason reason,
      boolean duplicateName,
      long since) {}

  /** The room's rules and protections, shown to everyone inside. */
  record RoomView(
      String title,
      String code,
      boolean locked,
      boolean waitingRoom,
      boolean passcodeEntryPaused,
      boolean suspended,
      RoomEnums.ChatMode chatMode,
      RoomEnums.ScreenShareRule screenShareRule,
      boolean selfUnmute,
      boolean renameAllowed,
      int participantLimit,
      SecurityView security) {}

  /** The fixed protections of the meeting, as set when it was scheduled. */
  record SecurityView(
      boolean passcodeRequired,
      RoomEnums.EntryRule entryRule,
      boolean personalLinksRequired,
      boolean entryBeforeHost,
      boolean endToEndEncrypted,
      boolean recording) {}
}
