package org.conclave.media.client;

import java.security.SecureRandom;
import java.util.Objects;
import org.conclave.media.TrackSource;

/**
 * One track a {@link ClientPeer} publishes: what it carries and the SSRC it is sent under (RFC 3550
 * §8: random, never 0), with the stream and track ids of its {@code a=msid} (RFC 8830).
 */
public record Source(TrackSource source, long ssrc, String streamId, String trackId) {

  private static final SecureRandom RANDOM = new SecureRandom();

  public Source {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(trackId, "trackId");
    if (ssrc <= 0 || ssrc > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("SSRC must be 1 to 2^32-1: " + ssrc);
    }
  }

  /** A source with a random SSRC and ids. */
  public static Source of(TrackSource source) {
    long ssrc;
    do {
      ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
    } while (ssrc == 0);
    String id = Long.toUnsignedString(RANDOM.nextLong(), 36);
    return new Source(source, ssrc, "stream-" + id, source.wire() + "-" + id);
  }

  /** "audio" or "video". */
  public String kind() {
    return source.kind();
  }
}
