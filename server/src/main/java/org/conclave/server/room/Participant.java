package org.conclave.server.room;

import io.github.bucket4j.Bucket;
import org.conclave.server.protocol.RoomEnums.Arrival;
import org.conclave.server.protocol.RoomEnums.Role;
import org.conclave.server.protocol.RoomEnums.WaitReason;
import org.conclave.server.protocol.ServerMessage.KnockView;
import org.conclave.server.protocol.ServerMessage.ParticipantView;

/** One person in a live room, waiting or inside. Touched only on the room's executor. */
final class Participant {

  enum State {
    WAITING,
    INSIDE
  }

  final String id;
  final EntryPass pass;

  /** The role they came with; a co-host demoted in the room returns to it. */
  final Role baseRole;

  final Bucket chatBucket;
  final long since;

  String name;
  Role role;
  State state;
  WaitReason waitReason;
  boolean audio;
  boolean video;
  boolean screen;
  boolean mayShareScreen;
  boolean handRaised;
  RoomConnection connection;
  String resumeHash;
  long disconnectedAt;

  Participant(String id, EntryPass pass, Role role, Bucket chatBucket, long now) {
    this.id = id;
    this.pass = pass;
    this.baseRole = role;
    this.role = role;
    this.name = pass.name();
    this.chatBucket = chatBucket;
    this.since = now;
  }

  boolean isHost() {
    return role.isHost();
  }

  boolean inside() {
    return state == State.INSIDE;
  }

  String invitedAs() {
    return pass.arrival() == Arrival.PERSONAL_LINK ? pass.name() : null;
  }

  ParticipantView view() {
    return new ParticipantView(
        id,
        name,
        role,
        pass.arrival(),
        invitedAs(),
        audio,
        video,
        screen,
        mayShareScreen,
        handRaised,
        connection != null);
  }

  KnockView knock(boolean duplicateName) {
    return new KnockView(id, name, pass.arrival(), invitedAs(), waitReason, duplicateName, since);
  }
}
