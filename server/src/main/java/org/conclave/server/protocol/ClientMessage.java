package org.conclave.server.protocol;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * Every frame a client may send on {@code /ws}, protocol version {@value Protocol#VERSION}. The
 * JSON form is the record's fields plus {@code "type"} (the {@link JsonTypeName}); {@code
 * docs/protocol.md} is the contract. Compact constructors reject missing or oversized fields, so a
 * message that decodes is well formed; whether the sender may do it is decided by the room.
 *
 * <p>The groups below say who may send what; the room enforces it against the live state.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public sealed interface ClientMessage
    permits ClientMessage.Session, ClientMessage.Participant, ClientMessage.HostCommand {

  /** The frame's {@code type}, as on the wire. */
  default String type() {
    return Protocol.typeName(getClass());
  }

  /** Opening, resuming, keeping alive and leaving a connection: any socket. */
  sealed interface Session extends ClientMessage permits Hello, Resume, Ping, Leave {}

  /** What someone admitted to the room may do for themselves (the room's rules permitting). */
  sealed interface Participant extends ClientMessage
      permits SendChat,
          SetOwnMedia,
          ShareScreen,
          RequestScreenShare,
          RaiseHand,
          RenameSelf,
          PublishOffer,
          SubscribeAnswer,
          RestartMedia,
          RequestIceServers,
          VideoSizes {}

  /** Commands for hosts and co-hosts only (some for the host alone: see {@link #hostOnly()}). */
  sealed interface HostCommand extends ClientMessage
      permits OnParticipant,
          AdmitAll,
          DenyAll,
          MessageWaitingRoom,
          LockMeeting,
          SetWaitingRoom,
          PausePasscodeEntry,
          MuteAll,
          SetSelfUnmute,
          SetScreenShareRule,
          SetChatMode,
          SetRenameAllowed,
          SuspendActivities,
          ResumeActivities,
          ReportIncident,
          EndMeeting {

    /** True for the commands a co-host may not give: only the meeting's host may. */
    default boolean hostOnly() {
      return false;
    }

    /** The participant the command acts on, or null when it acts on the room. */
    default String target() {
      return null;
    }
  }

  /** A host command that acts on one participant, named by its {@code participant} field. */
  sealed interface OnParticipant extends HostCommand
      permits Admit,
          Deny,
          Remove,
          MuteParticipant,
          StopVideo,
          SetScreenShare,
          RenameParticipant,
          LowerHand,
          SetRole {

    String participant();

    @Override
    default String target() {
      return participant();
    }
  }

  // ---- session ----

  /** The first frame of a new connection: the entry ticket from {@code POST /api/v1/join}. */
  @JsonTypeName("hello")
  record Hello(int v, String ticket) implements Session {
    public Hello {
      Protocol.requireToken(ticket, "ticket");
    }
  }

  /** The first frame of a connection that replaces a lost one, within the resume window. */
  @JsonTypeName("resume")
  record Resume(int v, String token) implements Session {
    public Resume {
      Protocol.requireToken(token, "token");
    }
  }

  /** Heartbeat; answered with {@code pong}. Clients send one every 10 seconds. */
  @JsonTypeName("ping")
  record Ping() implements Session {}

  /** Leaving on purpose: the slot is freed at once, with no resume window. */
  @JsonTypeName("leave")
  record Leave() implements Session {}

  // ---- participant ----

  /**
   * A chat message to everyone ({@code to = "everyone"}), to the hosts ({@code "hosts"}), or — for
   * hosts only — to one participant (their id). Text only; at most {@link Protocol#CHAT_MAX_CHARS}.
   */
  @JsonTypeName("chat")
  record SendChat(String to, String text) implements Participant {
    public SendChat {
      to = to == null ? "everyone" : to;
      Protocol.requireText(to, "to", 64);
      Protocol.requireText(text, "text", Protocol.CHAT_MAX_CHARS);
    }
  }

  /** Turning one's own microphone or camera on or off (turning on may be refused). */
  @JsonTypeName("setOwnMedia")
  record SetOwnMedia(Boolean audio, Boolean video) implements Participant {}

  /** Starting or stopping one's screen share (starting needs the grant). */
  @JsonTypeName("shareScreen")
  record ShareScreen(boolean on) implements Participant {}

  /** Asking the hosts for permission to share the screen. */
  @JsonTypeName("requestScreenShare")
  record RequestScreenShare() implements Participant {}

  @JsonTypeName("raiseHand")
  record RaiseHand(boolean raised) implements Participant {}

  // ---- media (docs/protocol.md, "Media") ----

  /** One m-line of a publish offer and the source it carries: microphone, camera or screen. */
  record PublishedTrack(String mid, String source) {
    public PublishedTrack {
      Protocol.requireText(mid, "mid", 32);
      Protocol.requireText(source, "source", 16);
    }
  }

  /** The offer of one's publish connection, with what each m-line carries. */
  @JsonTypeName("publishOffer")
  record PublishOffer(String sdp, java.util.List<PublishedTrack> tracks) implements Participant {
    public PublishOffer {
      Protocol.requireText(sdp, "sdp", Protocol.SDP_MAX_CHARS);
      if (tracks == null || tracks.isEmpty() || tracks.size() > 8) {
        throw new IllegalArgumentException("tracks must list 1 to 8 m-lines");
      }
      tracks = java.util.List.copyOf(tracks);
    }
  }

  /** The answer to the latest {@code subscribeOffer}. */
  @JsonTypeName("subscribeAnswer")
  record SubscribeAnswer(String sdp) implements Participant {
    public SubscribeAnswer {
      Protocol.requireText(sdp, "sdp", Protocol.SDP_MAX_CHARS);
    }
  }

  /**
   * Asks for a new subscribe offer with new ICE credentials; {@code fresh} when the browser made a
   * new subscribe connection.
   */
  @JsonTypeName("restartMedia")
  record RestartMedia(boolean fresh) implements Participant {}

  /** Asks for new TURN relay credentials before the ones held expire ({@code iceServers}). */
  @JsonTypeName("requestIceServers")
  record RequestIceServers() implements Participant {}

  /** How high one subscribe m-line's video is shown, in device pixels; 0 when not shown. */
  record VideoSize(String mid, int height) {
    public VideoSize {
      Protocol.requireText(mid, "mid", 32);
      if (height < 0 || height > 16_384) {
        throw new IllegalArgumentException("height must be 0 to 16384");
      }
    }
  }

  /**
   * The sizes at which the page shows the videos it receives, so the media server sends each no
   * larger than needed (a smaller simulcast layer) and nothing for videos not shown.
   */
  @JsonTypeName("videoSizes")
  record VideoSizes(java.util.List<VideoSize> sizes) implements Participant {
    public VideoSizes {
      if (sizes == null || sizes.size() > 256) {
        throw new IllegalArgumentException("sizes must list at most 256 m-lines");
      }
      sizes = java.util.List.copyOf(sizes);
    }
  }

  /** Changing one's own display name, when the room allows it and the name is not fixed. */
  @JsonTypeName("renameSelf")
  record RenameSelf(String name) implements Participant {
    public RenameSelf {
      Protocol.requireText(name, "name", Protocol.NAME_MAX_CHARS);
    }
  }

  // ---- hosts ----

  @JsonTypeName("admit")
  record Admit(String participant) implements OnParticipant {
    public Admit {
      Protocol.requireId(participant);
    }
  }

  @JsonTypeName("deny")
  record Deny(String participant) implements OnParticipant {
    public Deny {
      Protocol.requireId(participant);
    }
  }

  @JsonTypeName("admitAll")
  record AdmitAll() implements HostCommand {}

  @JsonTypeName("denyAll")
  record DenyAll() implements HostCommand {}

  /** A message shown on the waiting page of everyone waiting (the only thing they see). */
  @JsonTypeName("messageWaitingRoom")
  record MessageWaitingRoom(String text) implements HostCommand {
    public MessageWaitingRoom {
      Protocol.requireText(text, "text", 500);
    }
  }

  /** Locking: nobody new enters, by link or passcode; hosts of the meeting still can. */
  @JsonTypeName("lockMeeting")
  record LockMeeting(boolean locked) implements HostCommand {}

  @JsonTypeName("setWaitingRoom")
  record SetWaitingRoom(boolean enabled) implements HostCommand {}

  /** Pausing entry by passcode and shared link (personal links still work). */
  @JsonTypeName("pausePasscodeEntry")
  record PausePasscodeEntry(boolean paused) implements HostCommand {}

  /**
   * Removing a participant (or someone waiting). With {@code banRejoin}, their account, personal
   * link and device cannot enter this meeting again.
   */
  @JsonTypeName("remove")
  record Remove(String participant, boolean banRejoin) implements OnParticipant {
    public Remove {
      Protocol.requireId(participant);
    }
  }

  @JsonTypeName("mute")
  record MuteParticipant(String participant) implements OnParticipant {
    public MuteParticipant {
      Protocol.requireId(participant);
    }
  }

  /** Mutes everyone but the hosts; {@code allowSelfUnmute=false} also forbids unmuting. */
  @JsonTypeName("muteAll")
  record MuteAll(boolean allowSelfUnmute) implements HostCommand {}

  @JsonTypeName("setSelfUnmute")
  record SetSelfUnmute(boolean allowed) implements HostCommand {}

  @JsonTypeName("stopVideo")
  record StopVideo(String participant) implements OnParticipant {
    public StopVideo {
      Protocol.requireId(participant);
    }
  }

  /** Granting or withdrawing one person's permission to share their screen. */
  @JsonTypeName("setScreenShare")
  record SetScreenShare(String participant, boolean allowed) implements OnParticipant {
    public SetScreenShare {
      Protocol.requireId(participant);
    }
  }

  /** Who may share a screen without a personal grant. */
  @JsonTypeName("setScreenShareRule")
  record SetScreenShareRule(RoomEnums.ScreenShareRule rule) implements HostCommand {
    public SetScreenShareRule {
      Protocol.requireValue(rule, "rule");
    }
  }

  @JsonTypeName("setChatMode")
  record SetChatMode(RoomEnums.ChatMode mode) implements HostCommand {
    public SetChatMode {
      Protocol.requireValue(mode, "mode");
    }
  }

  @JsonTypeName("setRenameAllowed")
  record SetRenameAllowed(boolean allowed) implements HostCommand {}

  @JsonTypeName("renameParticipant")
  record RenameParticipant(String participant, String name) implements OnParticipant {
    public RenameParticipant {
      Protocol.requireId(participant);
      Protocol.requireText(name, "name", Protocol.NAME_MAX_CHARS);
    }
  }

  @JsonTypeName("lowerHand")
  record LowerHand(String participant) implements OnParticipant {
    public LowerHand {
      Protocol.requireId(participant);
    }
  }

  /** Promoting to co-host or back to participant. The host alone may. */
  @JsonTypeName("setRole")
  record SetRole(String participant, RoomEnums.Role role) implements OnParticipant {
    public SetRole {
      Protocol.requireId(participant);
      Protocol.requireValue(role, "role");
      if (role != RoomEnums.Role.COHOST && role != RoomEnums.Role.PARTICIPANT) {
        throw new IllegalArgumentException("role must be COHOST or PARTICIPANT");
      }
    }

    @Override
    public boolean hostOnly() {
      return true;
    }
  }

  /**
   * The emergency button: stops all video, audio, screen sharing and chat of everyone but the
   * hosts, locks the meeting, and asks the host to report what happened.
   */
  @JsonTypeName("suspendActivities")
  record SuspendActivities() implements HostCommand {}

  /**
   * Lifts a suspension: chat follows the chat mode again and people may turn video on and share
   * under the usual rules. The lock and the self-unmute setting stay as the suspension left them,
   * for the hosts to lift one by one.
   */
  @JsonTypeName("resumeActivities")
  record ResumeActivities() implements HostCommand {}

  /** The host's account of an incident, recorded in the audit log. */
  @JsonTypeName("reportIncident")
  record ReportIncident(String text) implements HostCommand {
    public ReportIncident {
      Protocol.requireText(text, "text", 4000);
    }
  }

  /** Ends the meeting for everyone. The host alone may. */
  @JsonTypeName("endMeeting")
  record EndMeeting() implements HostCommand {
    @Override
    public boolean hostOnly() {
      return true;
    }
  }
}
