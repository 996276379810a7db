package org.conclave.server.protocol;

/** The {@code code} of an {@code error} frame. Stable: clients translate them. */
public enum ErrorCode {
  /** Not JSON, or not an object with a known shape. */
  BAD_FRAME("bad-frame"),
  /** Longer than the connection's message limit. */
  TOO_LARGE("too-large"),
  /** A {@code type} this protocol version does not define. */
  UNKNOWN_TYPE("unknown-type"),
  /** A field is missing, too long or of the wrong kind. */
  INVALID("invalid"),
  UNSUPPORTED_VERSION("unsupported-version"),
  /** Too many frames: this one was dropped. */
  RATE_LIMITED("rate-limited"),
  /** The socket has not entered a room (no valid hello or resume yet). */
  NOT_IN_ROOM("not-in-room"),
  /** Already said hello. */
  ALREADY_IN_ROOM("already-in-room"),
  TICKET_INVALID("ticket-invalid"),
  RESUME_INVALID("resume-invalid"),
  /** Waiting: nothing but ping and leave until admitted. */
  WAITING("waiting"),
  /** The sender's role may not do this. */
  NOT_ALLOWED("not-allowed"),
  /** A co-host acting on the host, or someone acting on themselves where that makes no sense. */
  FORBIDDEN_TARGET("forbidden-target"),
  NO_SUCH_PARTICIPANT("no-such-participant"),
  CHAT_OFF("chat-off"),
  CHAT_RATE("chat-rate"),
  RENAME_FORBIDDEN("rename-forbidden"),
  UNMUTE_FORBIDDEN("unmute-forbidden"),
  SHARE_FORBIDDEN("share-forbidden"),
  ROOM_FULL("room-full"),
  /** A media offer or answer the media server could not use; the message says why. */
  MEDIA_REJECTED("media-rejected"),
  /** Something went wrong on the server; the room goes on. */
  INTERNAL("internal");

  private final String code;

  ErrorCode(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
