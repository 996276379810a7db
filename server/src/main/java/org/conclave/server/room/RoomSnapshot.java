package org.conclave.server.room;

import java.util.List;
import org.conclave.server.protocol.ServerMessage.KnockView;
import org.conclave.server.protocol.ServerMessage.ParticipantView;
import org.conclave.server.protocol.ServerMessage.RoomView;

/** A live room's state at one moment; equal snapshots mean nothing changed. */
public record RoomSnapshot(
    RoomView room,
    List<ParticipantView> inside,
    List<KnockView> waiting,
    int bans,
    boolean ended,
    String mediaRoomId) {}
