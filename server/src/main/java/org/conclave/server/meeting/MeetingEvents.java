package org.conclave.server.meeting;

/** Events the meeting feature publishes; the live room listens. */
public final class MeetingEvents {

  private MeetingEvents() {}

  /** A meeting's title, times, co-hosts or settings changed. */
  public record MeetingChanged(long meetingId) {}

  /** A meeting was deleted: its live room ends. */
  public record MeetingDeleted(long meetingId) {}

  /** A personal invitation was revoked: whoever uses it now leaves. */
  public record InviteRevoked(long meetingId, long inviteId) {}
}
