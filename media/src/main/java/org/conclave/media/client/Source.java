package org.conclave.media.client;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.conclave.media.TrackSource;

/**
 * One track a {@link ClientPeer} publishes, or one simulcast encoding of it: what it carries and
 * the SSRC it is sent under (RFC 3550 §8: random, never 0), with the stream and track ids of its
 * {@code a=msid} (RFC 8830) and, for a simulcast encoding, its rid (RFC 8851). The encodings of one
 * track share its ids, are listed together, lowest quality first, and go on one m-line.
 */
public record Source(TrackSource source, long ssrc, String streamId, String trackId, String rid) {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern RID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

  public Source {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(streamId, "streamId");
    Objects.requireNonNull(trackId, "trackId");
    if (ssrc <= 0 || ssrc > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("SSRC must be 1 to 2^32-1: " + ssrc);
    }
    if (rid != null && !RID.matcher(rid).matches()) {
      throw new IllegalArgumentException("a rid is 1-16 letters, digits, - or _: " + rid);
    }
  }

  /** A whole track (no simulcast). */
  public Source(TrackSource source, long ssrc, String streamId, String trackId) {
    this(source, ssrc, streamId, trackId, null);
  }

  /** The simulcast encodings of one new video track, named by {@code rids}, lowest first. */
  public static List<Source> simulcast(TrackSource source, String... rids) {
    Source first = of(source);
    List<Source> out = new ArrayList<>();
    for (String rid : rids) {
      out.add(new Source(source, randomSsrc(), first.streamId(), first.trackId(), rid));
    }
    return List.copyOf(out);
  }

  private static long randomSsrc() {
    long ssrc;
    do {
      ssrc = RANDOM.nextInt() & 0xFFFF_FFFFL;
    } while (ssrc == 0);
    return ssrc;
  }

  /** A source with a random SSRC and ids. */
  public static Source of(TrackSource source) {
    long ssrc = randomSsrc();
    String id = Long.toUnsignedString(RANDOM.nextLong(), 36);
    return new Source(source, ssrc, "stream-" + id, source.wire() + "-" + id);
  }

  /** "audio" or "video". */
  public String kind() {
    return source.kind();
  }
}
