package org.conclave.server.meeting;

import java.util.Set;

/**
 * A meeting as stored: who owns it, when it happens, its rules. Secrets are not part of it.
 *
 * @param code the stored (undashed) code; {@link MeetingCode#format} shows it
 * @param startsAt epoch millis, or null for an instant meeting or a personal room
 * @param recurrenceCount occurrences of a recurring meeting, or null
 */
public record Meeting(
    long id,
    String code,
    long ownerId,
    Kind kind,
    String title,
    String description,
    Long startsAt,
    int durationMinutes,
    String timeZone,
    Recurrence recurrence,
    Integer recurrenceCount,
    MeetingSettings settings,
    Set<Long> cohostIds,
    boolean passcodeSet,
    long createdAt,
    long updatedAt) {

  public enum Kind {
    INSTANT,
    SCHEDULED,
    RECURRING,
    PERSONAL
  }

  public enum Recurrence {
    NONE,
    DAILY,
    WEEKLY
  }

  /** The owner or a named co-host: enters without passcode or waiting, and runs the room. */
  public boolean isHostAccount(long userId) {
    return userId == ownerId || cohostIds.contains(userId);
  }
}
