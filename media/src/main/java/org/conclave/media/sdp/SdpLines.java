package org.conclave.media.sdp;

/**
 * Writes the media-level SDP attribute lines that say how RTP is sent: codecs ({@code a=rtpmap},
 * {@code a=fmtp}, {@code a=rtcp-fb}), RTX, header extensions ({@code a=extmap}) and sources ({@code
 * a=msid}, {@code a=ssrc}). The node's offers and answers ({@code sfu.Negotiation}) and the
 * synthetic client's ({@code client.ClientSdp}) both write these lines here, so the two cannot
 * drift apart.
 *
 * <p>Each method appends one or more whole lines, each ended by CRLF (RFC 8866 §5), to the caller's
 * {@link StringBuilder}. Values are written as given: the caller passes tokens that are valid SDP
 * (no CR or LF). Stateless; any thread.
 */
public final class SdpLines {

  private SdpLines() {}

  /**
   * {@code a=<name>:<value>} (RFC 8866 §5.13): an attribute as it was read, for writing back an
   * offered line unchanged.
   */
  public static void attribute(StringBuilder b, String name, String value) {
    b.append("a=").append(name).append(':').append(value).append("\r\n");
  }

  /**
   * {@code a=rtpmap:<pt> <name>/<clock rate>[/<channels>]} (RFC 8866 §6.6); the channel count is
   * written only when more than one, as RFC 8866 §6.6 lets it be left out for one.
   */
  public static void rtpmap(StringBuilder b, int payloadType, String name, int clockRate, int ch) {
    b.append("a=rtpmap:").append(payloadType).append(' ').append(name).append('/');
    b.append(clockRate);
    if (ch > 1) {
      b.append('/').append(ch);
    }
    b.append("\r\n");
  }

  /**
   * {@code a=rtcp-fb:<pt> <feedback>} (RFC 4585 §4.2), e.g. {@code nack pli} or {@code ccm fir}.
   */
  public static void rtcpFeedback(StringBuilder b, int payloadType, String feedback) {
    b.append("a=rtcp-fb:").append(payloadType).append(' ').append(feedback).append("\r\n");
  }

  /**
   * {@code a=fmtp:<pt> <parameters>} (RFC 8866 §6.15); nothing when {@code parameters} is null or
   * blank, since an empty fmtp line is not valid.
   */
  public static void fmtp(StringBuilder b, int payloadType, String parameters) {
    if (parameters != null && !parameters.isBlank()) {
      b.append("a=fmtp:").append(payloadType).append(' ').append(parameters).append("\r\n");
    }
  }

  /**
   * The two lines of an RTX payload type (RFC 4588 §8.6): {@code a=rtpmap:<rtx> rtx/90000} and
   * {@code a=fmtp:<rtx> apt=<pt>}, {@code pt} being the payload type it repairs. Video only: the
   * clock rate is the video RTP clock.
   */
  public static void rtx(StringBuilder b, int rtxPayloadType, int associatedPayloadType) {
    rtpmap(b, rtxPayloadType, "rtx", 90000, 1);
    fmtp(b, rtxPayloadType, "apt=" + associatedPayloadType);
  }

  /** {@code a=extmap:<id> <uri>} (RFC 8285 §8), without a direction. */
  public static void extmap(StringBuilder b, int id, String uri) {
    b.append("a=extmap:").append(id).append(' ').append(uri).append("\r\n");
  }

  /** {@code a=msid:<stream id> <track id>} (RFC 8830 §2). */
  public static void msid(StringBuilder b, String streamId, String trackId) {
    b.append("a=msid:").append(streamId).append(' ').append(trackId).append("\r\n");
  }

  /**
   * A source's two {@code a=ssrc} lines (RFC 5576 §4.1): {@code cname} (RFC 5576 §6.1) and {@code
   * msid} (RFC 8830 §2, as browsers still write it).
   */
  public static void ssrc(
      StringBuilder b, long ssrc, String cname, String streamId, String trackId) {
    b.append("a=ssrc:").append(ssrc).append(" cname:").append(cname).append("\r\n");
    b.append("a=ssrc:").append(ssrc).append(" msid:").append(streamId).append(' ');
    b.append(trackId).append("\r\n");
  }
}
