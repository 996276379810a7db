package org.conclave.server.meeting;

/** A personal invitation: one person's own link into one meeting, under their name. */
public record Invite(
    long id,
    long meetingId,
    String name,
    String email,
    Long userId,
    long createdAt,
    Long revokedAt) {}
