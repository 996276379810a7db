package org.conclave.server.meeting;

/** Someone a host removed and barred from this meeting, by one of the things that identify them. */
public record Ban(long meetingId, Kind kind, String value) {

  public enum Kind {
    /** An account id. */
    ACCOUNT,
    /** A personal invitation id (the invitation is revoked as well). */
    INVITE,
    /** The SHA-256 of the browser's participant device token. */
    DEVICE,
    /** A source address: later guests from it wait for a host, flagged. */
    ADDRESS
  }
}
