package org.conclave.server.room;

import org.conclave.server.protocol.RoomEnums.Arrival;

/**
 * What the door established about someone before they reach the room: which meeting, under which
 * name, how they arrived, and what identifies them for bans. Issued by the entry feature after the
 * code and secret checked out; the room decides the rest (host, lock, waiting room, bans).
 *
 * @param nameFixed true for personal links: the name is the invitation's and cannot be changed
 * @param userId the signed-in account, or null
 * @param inviteId the personal invitation used, or null
 * @param deviceHash SHA-256 of the browser's participant device token
 * @param address the source address the entry request came from
 */
public record EntryPass(
    long meetingId,
    String name,
    boolean nameFixed,
    Arrival arrival,
    Long userId,
    Long inviteId,
    String deviceHash,
    String address) {}
