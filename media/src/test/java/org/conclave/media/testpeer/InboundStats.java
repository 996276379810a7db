package org.conclave.media.testpeer;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a peer has received, from the {@code inbound-rtp} entries of one {@code getStats()} report
 * (W3C webrtc-stats, RTCInboundRtpStreamStats): one {@link InboundTrack} per received stream.
 * Immutable.
 */
public record InboundStats(List<InboundTrack> tracks) {

  /**
   * One received RTP stream.
   *
   * @param trackId {@code trackIdentifier}: the sender's track id (its {@code a=msid})
   * @param kind {@code audio} or {@code video}
   * @param mid the m-line it arrived on, or null before it is known
   * @param samplesReceived audio samples out of the jitter buffer ({@code totalSamplesReceived}),
   *     counted per channel; 0 for video
   * @param framesDecoded video frames decoded; 0 for audio
   */
  public record InboundTrack(
      String trackId,
      String kind,
      String mid,
      long ssrc,
      long packetsReceived,
      long bytesReceived,
      long framesDecoded,
      long samplesReceived) {}

  public InboundStats {
    tracks = List.copyOf(tracks);
  }

  /**
   * Reads the attributes of {@code inbound-rtp} stats entries. Missing counters read as 0, so a
   * stream that has not started yet is present with zeros.
   */
  static InboundStats of(Collection<Map<String, Object>> inboundRtp) {
    return new InboundStats(
        inboundRtp.stream()
            .map(
                a ->
                    new InboundTrack(
                        string(a, "trackIdentifier"),
                        string(a, "kind"),
                        string(a, "mid"),
                        number(a, "ssrc"),
                        number(a, "packetsReceived"),
                        number(a, "bytesReceived"),
                        number(a, "framesDecoded"),
                        number(a, "totalSamplesReceived")))
            .toList());
  }

  /** Video frames decoded, summed over all received video streams. */
  public long framesDecoded() {
    return tracks.stream().mapToLong(InboundTrack::framesDecoded).sum();
  }

  /** Audio samples received ({@code totalSamplesReceived}), summed over all audio streams. */
  public long audioSamplesReceived() {
    return tracks.stream().mapToLong(InboundTrack::samplesReceived).sum();
  }

  /** RTP payload bytes received, summed over all streams. */
  public long bytesReceived() {
    return tracks.stream().mapToLong(InboundTrack::bytesReceived).sum();
  }

  /** The stream of the sender's track {@code trackId}, if one arrived. */
  public Optional<InboundTrack> track(String trackId) {
    return tracks.stream().filter(t -> trackId.equals(t.trackId())).findFirst();
  }

  private static String string(Map<String, Object> attributes, String name) {
    Object value = attributes.get(name);
    return value == null ? null : value.toString();
  }

  // webrtc-java gives 32-bit counters as Long and 64-bit ones as BigInteger.
  private static long number(Map<String, Object> attributes, String name) {
    return attributes.get(name) instanceof Number n ? n.longValue() : 0;
  }
}
