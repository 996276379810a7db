package org.conclave.media;

/**
 * Why the media node dropped a packet that arrived on its port. Every drop is counted under one of
 * these (see {@link Drops}), exported as a metric, so garbage, attacks and bugs are visible.
 */
public enum DropReason {
  /** First byte matches none of STUN, DTLS, RTP/RTCP (RFC 7983). */
  NOT_DEMULTIPLEXABLE,
  /** Not a well-formed STUN message. */
  STUN_MALFORMED,
  /** A STUN message that is not a Binding request (an ICE-lite server only answers those). */
  STUN_UNEXPECTED,
  /** A Binding request whose USERNAME names no transport of ours. */
  STUN_UNKNOWN_USERNAME,
  /** A Binding request whose MESSAGE-INTEGRITY or FINGERPRINT does not check. */
  STUN_BAD_INTEGRITY,
  /** DTLS or SRTP from an address no valid ICE check came from. */
  UNKNOWN_SOURCE,
  /** DTLS the handshake could not use (counted in detail by the DTLS stack). */
  DTLS_REFUSED,
  /** SRTP or SRTCP before the DTLS handshake gave keys. */
  SRTP_BEFORE_KEYS,
  /** SRTP or SRTCP that failed authentication, replay or length checks. */
  SRTP_REFUSED,
  /** Decrypted but not well-formed RTP. */
  RTP_MALFORMED,
  /** Decrypted but not well-formed RTCP. */
  RTCP_MALFORMED,
  /** RTP for an SSRC the peer did not announce (and no mid to bind it). */
  RTP_UNKNOWN_SSRC,
  /** RTP the sender is not allowed to publish now (muted by the host, no screen grant). */
  NOT_PERMITTED,
  /** RTP or RTCP still arriving on a connection the peer has since replaced. */
  STALE_CONNECTION,
  /** Longer than the largest datagram the node reads. */
  OVERSIZED
}
