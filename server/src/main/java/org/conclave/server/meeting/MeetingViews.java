package org.conclave.server.meeting;

import java.util.List;
import org.conclave.server.config.ConclaveProperties;

/** The JSON shapes of the meetings API. */
final class MeetingViews {

  private MeetingViews() {}

  /**
   * Creating or changing a meeting. Absent fields keep their current value on change (their default
   * on creation). {@code startsAt} is an ISO-8601 instant.
   */
  record MeetingRequest(
      Meeting.Kind kind,
      String title,
      String description,
      String startsAt,
      Integer durationMinutes,
      String timeZone,
      Meeting.Recurrence recurrence,
      Integer recurrenceCount,
      MeetingSettings settings,
      List<String> cohosts,
      String passcode) {}

  record PasscodeRequest(String passcode) {}

  record InviteRequest(String name, String email, String username) {}

  record Person(String username, String displayName) {}

  /** A meeting as its host sees it, with the passcode and links to hand out. */
  record MeetingDetails(
      long id,
      String code,
      Meeting.Kind kind,
      String title,
      String description,
      String startsAt,
      int durationMinutes,
      String timeZone,
      Meeting.Recurrence recurrence,
      Integer recurrenceCount,
      List<String> occurrences,
      MeetingSettings settings,
      String passcode,
      String joinUrl,
      String link,
      Person owner,
      List<Person> cohosts,
      String yourRole,
      String organisationName) {}

  /** A line of the meetings list (with what it takes to say when the meeting happens). */
  record MeetingSummary(
      long id,
      String code,
      Meeting.Kind kind,
      String title,
      String startsAt,
      int durationMinutes,
      Meeting.Recurrence recurrence,
      String yourRole,
      String timeZone,
      Integer recurrenceCount) {}

  record InviteDetails(
      long id,
      String name,
      String email,
      String username,
      String link,
      long createdAt,
      Long revokedAt) {}

  record PolicyView(
      boolean passcodeMayBeOff,
      boolean waitingRoomMayBeOff,
      boolean guestsAllowed,
      boolean entryBeforeHostAllowed,
      boolean screenShareForAllAllowed,
      boolean renameAllowed,
      int maxParticipants) {
    static PolicyView of(ConclaveProperties.MeetingPolicy p) {
      return new PolicyView(
          p.passcodeMayBeOff(),
          p.waitingRoomMayBeOff(),
          p.guestsAllowed(),
          p.entryBeforeHostAllowed(),
          p.screenShareForAllAllowed(),
          p.renameAllowed(),
          p.maxParticipants());
    }
  }
}
