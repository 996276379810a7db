package org.conclave.media.client;

import org.conclave.media.rtp.RtpFields;

/**
 * What a {@link ClientPeer} send helper put on the wire, before encryption: for a test to compare
 * with what arrives.
 *
 * @param header the header fields and extensions
 * @param payload the payload (this record's own copy)
 * @param sent false when nothing was sent (not connected yet, or closed)
 */
public record SentRtp(RtpFields header, byte[] payload, boolean sent) {

  public long ssrc() {
    return header.ssrc();
  }

  public int sequenceNumber() {
    return header.sequenceNumber();
  }

  public long timestamp() {
    return header.timestamp();
  }
}
