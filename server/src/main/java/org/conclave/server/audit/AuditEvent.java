package org.conclave.server.audit;

/** What an audit entry records. The names are stable: they are stored and searched. */
public enum AuditEvent {
  CONFIGURATION_LOADED,
  SETUP_LINK_CREATED,
  SETUP_COMPLETED,
  SIGN_IN_SUCCEEDED,
  SIGN_IN_FAILED,
  SIGN_IN_THROTTLED,
  SECOND_FACTOR_SUCCEEDED,
  SECOND_FACTOR_FAILED,
  SECOND_FACTOR_ENROLLED,
  SECOND_FACTOR_REMOVED,
  RECOVERY_CODE_USED,
  RECOVERY_CODES_REGENERATED,
  PASSWORD_CHANGED,
  PASSWORD_RESET,
  SESSION_REVOKED,
  SIGNED_OUT,
  API_TOKEN_CREATED,
  API_TOKEN_REVOKED,
  USER_CREATED,
  USER_INVITED,
  USER_DISABLED,
  USER_ENABLED,
  USER_REGISTERED,
  INVITATION_ACCEPTED,
  /** Someone signed in gave a wrong current password when changing their password. */
  PASSWORD_CHANGE_FAILED,
  MEETING_CREATED,
  MEETING_CHANGED,
  MEETING_DELETED,
  /** A host set a new passcode (the shared link changes with it). */
  MEETING_PASSCODE_CHANGED,
  MEETING_INVITE_CREATED,
  MEETING_INVITE_REVOKED,
  /** A wrong meeting code, passcode or link: every attempt that is checked or throttled. */
  MEETING_ENTRY_FAILED,
  MEETING_ENTRY_THROTTLED,
  /** Failed entries for one meeting reached the alert threshold; its hosts were told. */
  MEETING_UNDER_ATTACK,
  /** Someone passed the door: a ticket for the room was issued. */
  MEETING_ENTRY_GRANTED,
  PARTICIPANT_WAITING,
  PARTICIPANT_ENTERED,
  PARTICIPANT_ADMITTED,
  PARTICIPANT_DENIED,
  PARTICIPANT_REFUSED,
  PARTICIPANT_LEFT,
  PARTICIPANT_REMOVED,
  MEETING_LOCKED,
  MEETING_UNLOCKED,
  /** A host changed a room rule or someone's permissions (mute, video, sharing, role, chat). */
  MEETING_PERMISSION_CHANGED,
  MEETING_SUSPENDED,
  MEETING_INCIDENT_REPORTED,
  MEETING_ENDED
}
