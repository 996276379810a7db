package org.conclave.server.room;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.conclave.media.MediaException;
import org.conclave.media.TrackSource;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.meeting.Ban;
import org.conclave.server.protocol.ClientMessage;
import org.conclave.server.protocol.ClientMessage.*;
import org.conclave.server.protocol.ErrorCode;
import org.conclave.server.protocol.RoomEnums.Arrival;
import org.conclave.server.protocol.RoomEnums.ChatMode;
import org.conclave.server.protocol.RoomEnums.Role;
import org.conclave.server.protocol.RoomEnums.ScreenShareRule;
import org.conclave.server.protocol.RoomEnums.WaitReason;
import org.conclave.server.protocol.ServerMessage;

/**
 * Authorizes and carries out commands against a room's live state, on the room's executor. The gate
 * comes first and is the same for every command: someone waiting may do nothing; host commands need
 * a host or co-host ({@link HostCommand#hostOnly()} the host); a co-host cannot act on the host. A
 * refused command gets an {@code error} frame and changes nothing.
 */
final class RoomCommands {

  private final Room room;

  RoomCommands(Room room) {
    this.room = room;
  }

  void handle(Participant p, ClientMessage m) {
    if (!p.inside()) {
      room.send(p, Room.error(ErrorCode.WAITING, m, "Wait until a host lets you in."));
      return;
    }
    if (m instanceof HostCommand c) {
      if (!p.isHost() || c.hostOnly() && p.role != Role.HOST) {
        room.send(p, Room.error(ErrorCode.NOT_ALLOWED, m, "Only a host can do that."));
        return;
      }
      Participant target = null;
      if (c.target() != null) {
        target = room.people.get(c.target());
        if (target == null) {
          room.send(p, Room.error(ErrorCode.NO_SUCH_PARTICIPANT, m, "That person is not here."));
          return;
        }
        if (!target.inside() && !actsOnWaiting(c)) {
          // A command on someone waiting would broadcast their name to the room.
          room.send(p, Room.error(ErrorCode.NO_SUCH_PARTICIPANT, m, "They are not inside yet."));
          return;
        }
        if (target.role == Role.HOST && p.role != Role.HOST || target == p && !selfAllowed(c)) {
          room.send(p, Room.error(ErrorCode.FORBIDDEN_TARGET, m, "You cannot do that to them."));
          return;
        }
      }
      host(p, c, target);
    } else if (m instanceof ClientMessage.Participant c) {
      participant(p, c);
    }
  }

  /** The commands that act on someone waiting; every other target must be inside. */
  private static boolean actsOnWaiting(HostCommand c) {
    return c instanceof Admit || c instanceof Deny || c instanceof Remove;
  }

  private static boolean selfAllowed(HostCommand c) {
    return c instanceof MuteParticipant
        || c instanceof StopVideo
        || c instanceof LowerHand
        || c instanceof RenameParticipant
        || c instanceof SetScreenShare;
  }

  // ---- participants ----

  /**
   * Media negotiation, passed to the media server. Whatever is negotiated, the media server
   * forwards only the sources the room shows as on ({@link Room#mediaPermissions}).
   */
  private void media(Participant p, ClientMessage.Participant m) {
    var media = room.services.media();
    try {
      if (m instanceof PublishOffer c) {
        Map<String, TrackSource> sources = new LinkedHashMap<>();
        for (PublishedTrack t : c.tracks()) {
          TrackSource source = TrackSource.fromWire(t.source());
          if (source == null) {
            room.send(
                p,
                Room.error(
                    ErrorCode.INVALID,
                    m,
                    "A track's source must be microphone, camera or screen."));
            return;
          }
          sources.put(t.mid(), source);
        }
        String answer = media.publish(room.mediaRoomId, p.id, c.sdp(), sources);
        room.send(p, new ServerMessage.PublishAnswer(answer));
      } else if (m instanceof SubscribeAnswer c) {
        media.subscribeAnswer(room.mediaRoomId, p.id, c.sdp());
      } else if (m instanceof RestartMedia c) {
        media.restartSubscription(room.mediaRoomId, p.id, c.fresh());
      } else if (m instanceof VideoSizes c) {
        Map<String, Integer> heights = new LinkedHashMap<>();
        for (ClientMessage.VideoSize v : c.sizes()) {
          heights.put(v.mid(), v.height());
        }
        media.setVideoHeights(room.mediaRoomId, p.id, heights);
      }
    } catch (MediaException e) {
      room.send(p, Room.error(ErrorCode.MEDIA_REJECTED, m, e.getMessage()));
    }
  }

  private void participant(Participant p, ClientMessage.Participant m) {
    if (m instanceof PublishOffer
        || m instanceof SubscribeAnswer
        || m instanceof RestartMedia
        || m instanceof VideoSizes) {
      media(p, m);
    } else if (m instanceof SendChat c) {
      chat(p, c);
    } else if (m instanceof SetOwnMedia c) {
      boolean unmuting = Boolean.TRUE.equals(c.audio()) && !p.audio;
      boolean videoOn = Boolean.TRUE.equals(c.video()) && !p.video;
      if (!p.isHost()
          && (unmuting && (!room.selfUnmute || room.suspended) || videoOn && room.suspended)) {
        room.send(
            p, Room.error(ErrorCode.UNMUTE_FORBIDDEN, m, "A host has turned this off for now."));
        return;
      }
      if (c.audio() != null) {
        p.audio = c.audio();
      }
      if (c.video() != null) {
        p.video = c.video();
      }
      room.updated(p);
    } else if (m instanceof ShareScreen c) {
      if (c.on() && !maySare(p)) {
        room.send(
            p,
            Room.error(
                ErrorCode.SHARE_FORBIDDEN, m, "Ask a host for permission to share your screen."));
        return;
      }
      p.screen = c.on();
      room.updated(p);
    } else if (m instanceof RequestIceServers) {
      room.send(p, room.iceServers(p));
    } else if (m instanceof RequestScreenShare) {
      room.toHosts(new ServerMessage.ScreenShareRequested(p.id, p.name));
    } else if (m instanceof RaiseHand c) {
      p.handRaised = c.raised();
      room.updated(p);
    } else if (m instanceof RenameSelf c) {
      if (!p.isHost() && (!room.renameAllowed || p.pass.nameFixed() || room.suspended)) {
        room.send(
            p,
            Room.error(
                ErrorCode.RENAME_FORBIDDEN,
                m,
                "Renaming yourself is not allowed in this meeting."));
        return;
      }
      p.name = c.name().strip();
      room.updated(p);
    }
  }

  private boolean maySare(Participant p) {
    return p.isHost()
        || !room.suspended
            && (room.screenShareRule == ScreenShareRule.EVERYONE || p.mayShareScreen);
  }

  private void chat(Participant p, SendChat c) {
    if (!p.isHost()) {
      boolean off =
          room.suspended
              || room.chatMode == ChatMode.OFF
              || room.chatMode == ChatMode.HOSTS_ONLY && !"hosts".equals(c.to());
      if (off) {
        room.send(p, Room.error(ErrorCode.CHAT_OFF, c, "Chat is off for this meeting."));
        return;
      }
      if (!"everyone".equals(c.to()) && !"hosts".equals(c.to())) {
        room.send(
            p, Room.error(ErrorCode.NOT_ALLOWED, c, "You can write to everyone or to the hosts."));
        return;
      }
    }
    Participant to = null;
    if (!"everyone".equals(c.to()) && !"hosts".equals(c.to())) {
      to = room.people.get(c.to());
      if (to == null || !to.inside()) {
        room.send(p, Room.error(ErrorCode.NO_SUCH_PARTICIPANT, c, "That person is not here."));
        return;
      }
    }
    if (!p.chatBucket.tryConsume(1)) {
      room.send(p, Room.error(ErrorCode.CHAT_RATE, c, "You are writing too fast; wait a moment."));
      return;
    }
    var message =
        new ServerMessage.Chat(
            room.nextChatId(), p.id, p.name, c.to(), c.text(), room.services.clock().millis());
    if ("everyone".equals(c.to())) {
      room.broadcast(message);
    } else if ("hosts".equals(c.to())) {
      room.toHosts(message);
      if (!p.isHost()) {
        room.send(p, message);
      }
    } else {
      room.send(to, message);
      if (to != p) {
        room.send(p, message);
      }
    }
  }

  // ---- hosts ----

  private void host(Participant by, HostCommand m, Participant target) {
    if (m instanceof Admit) {
      if (target.inside()) {
        room.send(by, Room.error(ErrorCode.NO_SUCH_PARTICIPANT, m, "They are already inside."));
        return;
      }
      admit(by, target, m);
    } else if (m instanceof Deny) {
      if (target.inside()) {
        room.send(by, Room.error(ErrorCode.NO_SUCH_PARTICIPANT, m, "They are already inside."));
        return;
      }
      deny(by, target);
    } else if (m instanceof AdmitAll) {
      for (Participant w : waiting()) {
        if (w.waitReason == WaitReason.WAITING_ROOM || w.waitReason == WaitReason.HOST_ABSENT) {
          if (room.insideCount() >= room.meeting.settings().participantLimit()) {
            room.send(by, Room.error(ErrorCode.ROOM_FULL, m, "The meeting is full."));
            break;
          }
          room.admitInside(w, by);
        }
      }
    } else if (m instanceof DenyAll) {
      waiting().forEach(w -> deny(by, w));
    } else if (m instanceof MessageWaitingRoom c) {
      room.toWaiting(new ServerMessage.WaitingMessage(c.text()));
    } else if (m instanceof LockMeeting c) {
      room.locked = c.locked();
      room.audit(c.locked() ? AuditEvent.MEETING_LOCKED : AuditEvent.MEETING_UNLOCKED, by, "");
      room.roomChanged();
    } else if (m instanceof SetWaitingRoom c) {
      room.waitingRoom = c.enabled();
      changed(by, "waiting room " + (c.enabled() ? "on" : "off"));
      if (!c.enabled()) {
        for (Participant w : waiting()) {
          if (w.waitReason == WaitReason.WAITING_ROOM
              && room.insideCount() < room.meeting.settings().participantLimit()) {
            room.admitInside(w, by);
          }
        }
      }
    } else if (m instanceof PausePasscodeEntry c) {
      room.passcodeEntryPaused = c.paused();
      changed(by, "passcode entry " + (c.paused() ? "paused" : "resumed"));
    } else if (m instanceof Remove c) {
      remove(by, target, c.banRejoin());
    } else if (m instanceof MuteParticipant) {
      target.audio = false;
      personChanged(by, target, "muted");
    } else if (m instanceof MuteAll c) {
      room.selfUnmute = c.allowSelfUnmute();
      for (Participant o : room.people.values()) {
        if (o.inside() && !o.isHost() && o.audio) {
          o.audio = false;
          room.updated(o);
        }
      }
      changed(by, "muted everyone; self-unmute " + (c.allowSelfUnmute() ? "allowed" : "forbidden"));
    } else if (m instanceof SetSelfUnmute c) {
      room.selfUnmute = c.allowed();
      changed(by, "self-unmute " + (c.allowed() ? "allowed" : "forbidden"));
    } else if (m instanceof StopVideo) {
      target.video = false;
      personChanged(by, target, "video stopped");
    } else if (m instanceof SetScreenShare c) {
      target.mayShareScreen = c.allowed() || target.isHost();
      if (!target.mayShareScreen && room.screenShareRule != ScreenShareRule.EVERYONE) {
        target.screen = false;
      }
      personChanged(by, target, "screen sharing " + (c.allowed() ? "allowed" : "withdrawn"));
    } else if (m instanceof SetScreenShareRule c) {
      room.screenShareRule = c.rule();
      for (Participant o : room.people.values()) {
        if (o.inside() && !o.isHost()) {
          boolean before = o.mayShareScreen;
          o.mayShareScreen = c.rule() == ScreenShareRule.EVERYONE;
          if (!o.mayShareScreen) {
            o.screen = false;
          }
          if (before != o.mayShareScreen) {
            room.updated(o);
          }
        }
      }
      changed(by, "screen sharing for " + c.rule());
    } else if (m instanceof SetChatMode c) {
      room.chatMode = c.mode();
      changed(by, "chat " + c.mode());
    } else if (m instanceof SetRenameAllowed c) {
      room.renameAllowed = c.allowed();
      changed(by, "renaming " + (c.allowed() ? "allowed" : "off"));
    } else if (m instanceof RenameParticipant c) {
      String before = target.name;
      target.name = c.name().strip();
      personChanged(by, target, "renamed from '" + before + "'");
    } else if (m instanceof LowerHand) {
      target.handRaised = false;
      room.updated(target);
    } else if (m instanceof SetRole c) {
      if (!target.inside()) {
        room.send(by, Room.error(ErrorCode.NO_SUCH_PARTICIPANT, m, "They are not inside yet."));
        return;
      }
      target.role =
          c.role() == Role.COHOST
              ? Role.COHOST
              : target.baseRole == Role.COHOST ? Role.PARTICIPANT : target.baseRole;
      target.mayShareScreen = target.isHost() || room.screenShareRule == ScreenShareRule.EVERYONE;
      personChanged(by, target, "role " + target.role);
      room.send(target, room.welcome(target, null));
    } else if (m instanceof SuspendActivities) {
      suspend(by);
    } else if (m instanceof ResumeActivities) {
      room.suspended = false;
      changed(by, "resumed participant activities");
    } else if (m instanceof ReportIncident c) {
      room.audit(AuditEvent.MEETING_INCIDENT_REPORTED, by, c.text());
      room.send(by, new ServerMessage.IncidentRecorded());
    } else if (m instanceof EndMeeting) {
      end(by);
    }
  }

  private List<Participant> waiting() {
    return room.people.values().stream().filter(w -> !w.inside()).toList();
  }

  private void admit(Participant by, Participant target, ClientMessage m) {
    if (room.insideCount() >= room.meeting.settings().participantLimit()) {
      room.send(by, Room.error(ErrorCode.ROOM_FULL, m, "The meeting is full."));
      return;
    }
    if (target.pass.inviteId() != null) {
      // One live connection per personal link: the host chose this one.
      for (Participant o : new ArrayList<>(room.people.values())) {
        if (o != target && target.pass.inviteId().equals(o.pass.inviteId())) {
          room.send(o, new ServerMessage.Removed(false));
          if (o.connection != null) {
            o.connection.close("personal link used elsewhere");
          }
          room.depart(o, "replaced");
        }
      }
    }
    room.admitInside(target, by);
  }

  private void deny(Participant by, Participant target) {
    room.send(target, new ServerMessage.Denied());
    if (target.connection != null) {
      target.connection.close("denied");
    }
    room.people.remove(target.id);
    room.detach(target);
    room.sendWaitingList();
    room.audit(AuditEvent.PARTICIPANT_DENIED, by, "denied " + Room.describe(target));
  }

  private void remove(Participant by, Participant target, boolean ban) {
    List<Ban> bans = new ArrayList<>();
    if (ban) {
      EntryPass pass = target.pass;
      if (pass.userId() != null) {
        bans.add(new Ban(room.meetingId, Ban.Kind.ACCOUNT, pass.userId().toString()));
      }
      if (pass.inviteId() != null) {
        bans.add(new Ban(room.meetingId, Ban.Kind.INVITE, pass.inviteId().toString()));
      }
      if (pass.deviceHash() != null) {
        bans.add(new Ban(room.meetingId, Ban.Kind.DEVICE, pass.deviceHash()));
      }
      if (pass.arrival() == Arrival.GUEST && pass.address() != null) {
        bans.add(new Ban(room.meetingId, Ban.Kind.ADDRESS, pass.address()));
      }
    }
    room.services
        .audit()
        .removeAndBan(
            RoomAudit.actor(by),
            room.meetingId,
            "removed " + Room.describe(target) + (ban ? ", barred from rejoining" : ""),
            bans);
    bans.forEach(b -> room.addBan(b.kind(), b.value()));
    room.send(target, new ServerMessage.Removed(ban));
    if (target.connection != null) {
      target.connection.close("removed");
    }
    boolean wasInside = target.inside();
    room.people.remove(target.id);
    room.detach(target);
    if (wasInside) {
      room.broadcast(new ServerMessage.ParticipantLeft(target.id, "removed"));
    } else {
      room.sendWaitingList();
    }
  }

  private void suspend(Participant by) {
    room.suspended = true;
    room.locked = true;
    room.selfUnmute = false;
    for (Participant o : room.people.values()) {
      if (o.inside() && !o.isHost()) {
        o.audio = false;
        o.video = false;
        o.screen = false;
        o.mayShareScreen = false;
        o.handRaised = false;
        room.updated(o);
      }
    }
    room.audit(
        AuditEvent.MEETING_SUSPENDED,
        by,
        "suspended participant activities and locked the meeting");
    room.roomChanged();
  }

  void end(Participant by) {
    room.ended = true;
    for (Participant o : new ArrayList<>(room.people.values())) {
      room.send(o, new ServerMessage.Ended());
      if (o.connection != null) {
        o.connection.close("meeting ended");
      }
      room.detach(o);
    }
    room.people.clear();
    if (by != null) {
      room.audit(AuditEvent.MEETING_ENDED, by, "ended for everyone");
    }
    room.services.roomEmpty(room);
  }

  private void changed(Participant by, String what) {
    room.audit(AuditEvent.MEETING_PERMISSION_CHANGED, by, what);
    room.roomChanged();
  }

  private void personChanged(Participant by, Participant target, String what) {
    room.audit(AuditEvent.MEETING_PERMISSION_CHANGED, by, what + ": " + Room.describe(target));
    room.updated(target);
  }
}
