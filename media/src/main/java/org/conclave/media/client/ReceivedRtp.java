package org.conclave.media.client;

import org.conclave.media.rtp.RtpFields;

/**
 * One RTP packet a {@link ClientPeer} received and decrypted.
 *
 * @param header the header fields and RFC 8285 elements
 * @param extensionProfile the header extension block's profile, or -1 when the X bit was clear
 * @param payload the payload, padding excluded (this record's own copy)
 * @param paddingLength the padding's length including its count byte, 0 when P was clear
 * @param receivedNanos {@link System#nanoTime()} when it was read from the socket
 */
public record ReceivedRtp(
    RtpFields header, int extensionProfile, byte[] payload, int paddingLength, long receivedNanos) {

  public long ssrc() {
    return header.ssrc();
  }

  public int sequenceNumber() {
    return header.sequenceNumber();
  }

  public long timestamp() {
    return header.timestamp();
  }

  public int payloadType() {
    return header.payloadType();
  }

  public boolean marker() {
    return header.marker();
  }

  /** Whether the packet carried a header extension block (X bit set, RFC 3550 §5.3.1). */
  public boolean hasExtension() {
    return extensionProfile >= 0;
  }
}
