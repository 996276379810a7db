package org.conclave.server.room;

import java.time.InstantSource;
import java.util.List;
import org.conclave.server.audit.Actor;
import org.conclave.server.audit.AuditEvent;
import org.conclave.server.audit.AuditLog;
import org.conclave.server.meeting.Ban;
import org.conclave.server.meeting.Meetings;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The room's writes: audit entries, and bans recorded with the removal in one transaction. */
@Component
class RoomAudit {

  private final AuditLog audit;
  private final Meetings meetings;
  private final InstantSource clock;

  RoomAudit(AuditLog audit, Meetings meetings, InstantSource clock) {
    this.audit = audit;
    this.meetings = meetings;
    this.clock = clock;
  }

  @Transactional
  public void record(AuditEvent event, Actor actor, long meetingId, String detail) {
    audit.record(event, actor, "meeting:" + meetingId, clip(detail));
  }

  @Transactional
  public void removeAndBan(Actor actor, long meetingId, String detail, List<Ban> bans) {
    long now = clock.millis();
    for (Ban ban : bans) {
      meetings.ban(ban, now);
    }
    audit.record(AuditEvent.PARTICIPANT_REMOVED, actor, "meeting:" + meetingId, clip(detail));
  }

  /** Who did it, for the audit log: the account when signed in, else the name they gave. */
  static Actor actor(Participant p) {
    String name = p.name + " (" + p.pass.arrival().name().toLowerCase() + ", " + p.id + ")";
    return new Actor(p.pass.userId(), clip(name, 200), p.pass.address());
  }

  private static String clip(String s) {
    return clip(s, 4000);
  }

  private static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
