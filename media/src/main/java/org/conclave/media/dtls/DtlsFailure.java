package org.conclave.media.dtls;

import java.util.Objects;

/**
 * Why a DTLS handshake failed.
 *
 * @param reason the class of failure, for counters and decisions
 * @param detail a sentence for the log; never contains key material
 * @param cause the underlying exception, or null
 */
public record DtlsFailure(Reason reason, String detail, Throwable cause) {

  public DtlsFailure {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }

  /** The classes of handshake failure. */
  public enum Reason {
    /** The peer's certificate does not hash to the fingerprint from its SDP, or it sent none. */
    FINGERPRINT_MISMATCH,
    /** The peer offered or chose no SRTP profile we accept (RFC 5764 use_srtp). */
    NO_SRTP_PROFILE,
    /** No handshake within the configured time. */
    TIMEOUT,
    /** The peer sent a fatal alert. */
    ALERT_RECEIVED,
    /** Any other protocol error (no common cipher suite or version, bad messages...). */
    PROTOCOL_ERROR,
    /** {@link DtlsStack#close()} was called before the handshake finished. */
    CLOSED,
    /** A bug or a refused executor: not the peer's fault. */
    INTERNAL_ERROR
  }
}
