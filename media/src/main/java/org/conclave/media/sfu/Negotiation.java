package org.conclave.media.sfu;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.conclave.media.MediaException;
import org.conclave.media.TrackSource;
import org.conclave.media.sdp.MediaDescription;
import org.conclave.media.sdp.SdpLines;
import org.conclave.media.sdp.SessionDescription;
import org.conclave.media.sdp.WebRtcSdp;
import org.conclave.media.transport.IceCredentials;

/**
 * SDP offer/answer for the node (RFC 8829 / 3264, unified plan, BUNDLE, rtcp-mux): reading a
 * publisher's offer into a plan, writing the answer, and writing subscribe offers. The node is
 * ICE-lite and always the DTLS server. What it accepts:
 *
 * <ul>
 *   <li>audio: Opus; video: VP8, else VP9, else H.264 (the first of these the browser offers, in
 *       that order of preference: VP8 is the codec every browser decodes and whose payload
 *       descriptor the node reads for keyframes);
 *   <li>header extensions: mid, audio level (RFC 6464) and transport-wide sequence numbers; the
 *       node answers with the browser's own ids;
 *   <li>feedback: NACK, PLI, FIR and transport-cc on video, transport-cc on audio.
 * </ul>
 *
 * Publishers' RTX is not accepted: the node NACKs publishers for what their uplink lost ({@link
 * UpstreamLoss}) and they resend the original packet; towards subscribers the node offers RTX (RFC
 * 4588) for video and answers their NACKs from its packet cache.
 */
final class Negotiation {

  /** Most m-lines accepted in one publish offer. */
  static final int MAX_PUBLISH_LINES = 8;

  private static final List<String> VIDEO_PREFERENCE = List.of("VP8", "VP9", "H264");

  /**
   * The id of the transport-wide sequence number extension in subscribe offers: the node writes it
   * on every packet it sends a subscriber who accepts it, for that subscriber's transport-cc
   * feedback (the node's bandwidth estimate towards it).
   */
  static final int SUBSCRIBE_TWCC_ID = 3;

  private Negotiation() {}

  /**
   * Whether the subscriber's answer accepted the transport-wide sequence number extension under our
   * id on every m-line that receives (rejected and inactive ones aside).
   */
  static boolean acceptsTransportCc(SessionDescription answer) {
    boolean any = false;
    for (MediaDescription m : answer.media()) {
      if (m.port() == 0 || WebRtcSdp.direction(m).equals("inactive")) {
        continue;
      }
      boolean has = false;
      for (WebRtcSdp.Extension e : WebRtcSdp.extensions(m)) {
        if (e.id() == SUBSCRIBE_TWCC_ID && e.uri().equals(WebRtcSdp.TWCC_URI)) {
          has = true;
        }
      }
      if (!has) {
        return false;
      }
      any = true;
    }
    return any;
  }

  /** One accepted m-line of a publish offer. */
  record PublishLine(
      int index,
      String mid,
      TrackSource source,
      WebRtcSdp.Codec codec,
      long ssrc,
      List<WebRtcSdp.Extension> extensions,
      List<String> feedback,
      List<String> rids) {}

  /** What the offer asks for, checked. */
  record PublishPlan(
      String remoteUfrag,
      WebRtcSdp.Fingerprint fingerprint,
      List<PublishLine> lines,
      int midExtension,
      int audioLevelExtension,
      int twccExtension,
      int ridExtension) {}

  static PublishPlan planPublish(SessionDescription offer, Map<String, TrackSource> sources)
      throws MediaException {
    if (offer.media().isEmpty()) {
      throw new MediaException("the offer has no media sections");
    }
    if (offer.media().size() > MAX_PUBLISH_LINES) {
      throw new MediaException("the offer has more than " + MAX_PUBLISH_LINES + " media sections");
    }
    List<String> bundle = WebRtcSdp.bundle(offer);
    List<PublishLine> lines = new ArrayList<>();
    String ufrag = null;
    WebRtcSdp.Fingerprint fingerprint = null;
    int midExt = -1;
    int levelExt = -1;
    int twccExt = -1;
    int ridExt = -1;
    for (int i = 0; i < offer.media().size(); i++) {
      MediaDescription m = offer.media().get(i);
      String mid = m.attribute("mid");
      TrackSource source = mid == null ? null : sources.get(mid);
      String direction = WebRtcSdp.direction(m);
      if (source == null
          || !source.kind().equals(m.kind())
          || m.port() == 0
          || !m.proto().contains("SAVPF")
          || !(direction.equals("sendonly") || direction.equals("sendrecv"))) {
        continue;
      }
      if (bundle.isEmpty() || !bundle.contains(mid)) {
        throw new MediaException("every media section must be in one BUNDLE group");
      }
      if (!m.has("rtcp-mux")) {
        throw new MediaException("rtcp-mux is required");
      }
      String setup = m.attribute("setup");
      if (setup != null && setup.equals("passive")) {
        throw new MediaException("the node is the DTLS server: setup must be actpass or active");
      }
      String u = WebRtcSdp.iceUfrag(offer, m);
      WebRtcSdp.Fingerprint f = WebRtcSdp.fingerprint(offer, m);
      if (u == null || WebRtcSdp.icePwd(offer, m) == null || f == null) {
        throw new MediaException(
            "media section " + mid + " lacks ICE credentials or a fingerprint");
      }
      if (ufrag == null) {
        ufrag = u;
        fingerprint = f;
      }
      WebRtcSdp.Codec codec = chooseCodec(m);
      if (codec == null) {
        throw new MediaException(
            "media section "
                + mid
                + " offers no codec the node forwards (audio: Opus; video: VP8, VP9, H.264)");
      }
      List<WebRtcSdp.Extension> extensions = new ArrayList<>();
      for (WebRtcSdp.Extension e : WebRtcSdp.extensions(m)) {
        switch (e.uri()) {
          case WebRtcSdp.MID_URI -> {
            midExt = e.id();
            extensions.add(e);
          }
          case WebRtcSdp.AUDIO_LEVEL_URI -> {
            levelExt = e.id();
            extensions.add(e);
          }
          case WebRtcSdp.TWCC_URI -> {
            twccExt = e.id();
            extensions.add(e);
          }
          case WebRtcSdp.RID_URI -> {
            if (m.kind().equals("video")) {
              ridExt = e.id();
              extensions.add(e);
            }
          }
          default -> {
            // Not used by the node: not answered, so the browser leaves it out.
          }
        }
      }
      List<String> feedback = new ArrayList<>();
      for (String fb : codec.feedback()) {
        if (fb.equals("transport-cc")
            || (m.kind().equals("video")
                && (fb.equals("nack") || fb.equals("nack pli") || fb.equals("ccm fir")))) {
          feedback.add(fb);
        }
      }
      List<String> rids = m.kind().equals("video") ? simulcastRids(m) : List.of();
      if (!rids.isEmpty()
          && extensions.stream().noneMatch(e -> e.uri().equals(WebRtcSdp.RID_URI))) {
        throw new MediaException(
            "media section " + mid + " offers simulcast without the rtp-stream-id extension");
      }
      lines.add(
          new PublishLine(
              i,
              mid,
              source,
              codec,
              rids.isEmpty() ? mediaSsrc(m) : -1,
              List.copyOf(extensions),
              List.copyOf(feedback),
              rids));
    }
    if (lines.isEmpty()) {
      throw new MediaException("the offer has no media section the node can receive");
    }
    long distinct = lines.stream().map(PublishLine::source).distinct().count();
    if (distinct != lines.size()) {
      throw new MediaException("each source may be published by one media section only");
    }
    return new PublishPlan(ufrag, fingerprint, lines, midExt, levelExt, twccExt, ridExt);
  }

  /** Most simulcast encodings taken from one m-line. */
  static final int MAX_LAYERS = 3;

  private static final java.util.regex.Pattern RID =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,16}");

  /**
   * The rids of the encodings a video m-line sends as simulcast (RFC 8853 §5.1 {@code
   * a=simulcast:send}, each declared by {@code a=rid:<id> send}, RFC 8851 §4), in the order listed,
   * which the node takes as lowest quality first (the order the Conclave client lists them in); the
   * first of each set of alternatives, at most {@link #MAX_LAYERS}. Empty without simulcast, or
   * with a single encoding.
   */
  static List<String> simulcastRids(MediaDescription m) {
    String simulcast = m.attribute("simulcast");
    if (simulcast == null) {
      return List.of();
    }
    List<String> declared = new ArrayList<>();
    for (String r : m.attributes("rid")) {
      String[] parts = r.trim().split(" ");
      if (parts.length >= 2 && parts[1].equals("send") && RID.matcher(parts[0]).matches()) {
        declared.add(parts[0]);
      }
    }
    String[] parts = simulcast.trim().split(" ");
    List<String> rids = new ArrayList<>();
    for (int i = 0; i + 1 < parts.length; i += 2) {
      if (!parts[i].equals("send")) {
        continue;
      }
      for (String stream : parts[i + 1].split(";")) {
        String rid = stream.split(",")[0];
        if (rid.startsWith("~")) {
          rid = rid.substring(1);
        }
        if (declared.contains(rid) && !rids.contains(rid) && rids.size() < MAX_LAYERS) {
          rids.add(rid);
        }
      }
    }
    return rids.size() > 1 ? List.copyOf(rids) : List.of();
  }

  private static WebRtcSdp.Codec chooseCodec(MediaDescription m) {
    List<WebRtcSdp.Codec> codecs = WebRtcSdp.codecs(m);
    if (m.kind().equals("audio")) {
      for (WebRtcSdp.Codec c : codecs) {
        if (c.name().equalsIgnoreCase("opus") && c.clockRate() == 48000) {
          return c;
        }
      }
      return null;
    }
    for (String name : VIDEO_PREFERENCE) {
      for (WebRtcSdp.Codec c : codecs) {
        if (c.name().equalsIgnoreCase(name) && c.clockRate() == 90000) {
          if (name.equals("H264")
              && (c.fmtp() == null || !c.fmtp().contains("packetization-mode=1"))) {
            continue;
          }
          return c;
        }
      }
    }
    return null;
  }

  /** The media SSRC: the first of an FID group (RFC 5576 §4.2), else the first announced. */
  private static long mediaSsrc(MediaDescription m) {
    for (String g : m.attributes("ssrc-group")) {
      String[] parts = g.split(" ");
      if (parts.length >= 2 && parts[0].equals("FID")) {
        try {
          return Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    List<Long> ssrcs = WebRtcSdp.ssrcs(m);
    return ssrcs.isEmpty() ? -1 : ssrcs.get(0);
  }

  /** Our answer to a publish offer: the accepted lines receive, the others are rejected. */
  static String publishAnswer(
      SessionDescription offer,
      PublishPlan plan,
      IceCredentials ice,
      String fingerprint,
      List<String> candidates,
      long sessionId,
      int version) {
    StringBuilder b = sessionHeader(sessionId, version);
    List<String> accepted = new ArrayList<>();
    for (PublishLine l : plan.lines()) {
      accepted.add(l.mid());
    }
    b.append("a=group:BUNDLE ").append(String.join(" ", accepted)).append("\r\n");
    b.append("a=msid-semantic: WMS\r\n");
    for (int i = 0; i < offer.media().size(); i++) {
      MediaDescription m = offer.media().get(i);
      PublishLine line = null;
      for (PublishLine l : plan.lines()) {
        if (l.index() == i) {
          line = l;
        }
      }
      String mid = m.attribute("mid");
      if (line == null) {
        String fmt = m.formats().isEmpty() ? "0" : m.formats().get(0);
        b.append("m=").append(m.kind()).append(" 0 ").append(m.proto()).append(' ').append(fmt);
        b.append("\r\nc=IN IP4 0.0.0.0\r\n");
        if (mid != null) {
          b.append("a=mid:").append(mid).append("\r\n");
        }
        b.append("a=inactive\r\n");
        continue;
      }
      WebRtcSdp.Codec c = line.codec();
      b.append("m=").append(m.kind()).append(" 9 UDP/TLS/RTP/SAVPF ").append(c.payloadType());
      b.append("\r\n");
      transportLines(b, ice, fingerprint, "passive", candidates);
      b.append("a=mid:").append(mid).append("\r\n");
      for (WebRtcSdp.Extension e : line.extensions()) {
        SdpLines.extmap(b, e.id(), e.uri());
      }
      b.append("a=recvonly\r\na=rtcp-mux\r\n");
      codecLines(b, c.payloadType(), c, line.feedback());
      if (!line.rids().isEmpty()) {
        for (String rid : line.rids()) {
          b.append("a=rid:").append(rid).append(" recv\r\n");
        }
        b.append("a=simulcast:recv ").append(String.join(";", line.rids())).append("\r\n");
      }
    }
    return b.toString();
  }

  /** One m-line of a subscribe offer. */
  record OfferLine(
      String mid,
      String kind,
      boolean active,
      int payloadType,
      WebRtcSdp.Codec codec,
      int rtxPayloadType,
      long ssrc,
      long rtxSsrc,
      String cname,
      String streamId,
      String trackId) {}

  static String subscribeOffer(
      List<OfferLine> lines,
      IceCredentials ice,
      String fingerprint,
      List<String> candidates,
      long sessionId,
      int version) {
    StringBuilder b = sessionHeader(sessionId, version);
    List<String> mids = new ArrayList<>();
    for (OfferLine l : lines) {
      mids.add(l.mid());
    }
    b.append("a=group:BUNDLE ").append(String.join(" ", mids)).append("\r\n");
    b.append("a=msid-semantic: WMS\r\n");
    for (OfferLine l : lines) {
      b.append("m=").append(l.kind()).append(" 9 UDP/TLS/RTP/SAVPF ").append(l.payloadType());
      if (l.rtxPayloadType() >= 0) {
        b.append(' ').append(l.rtxPayloadType());
      }
      b.append("\r\n");
      transportLines(b, ice, fingerprint, "actpass", candidates);
      b.append("a=mid:").append(l.mid()).append("\r\n");
      SdpLines.extmap(b, SUBSCRIBE_TWCC_ID, WebRtcSdp.TWCC_URI);
      b.append(l.active() ? "a=sendonly\r\n" : "a=inactive\r\n");
      b.append("a=rtcp-mux\r\n");
      List<String> feedback =
          l.kind().equals("video")
              ? List.of("nack", "nack pli", "ccm fir", "transport-cc")
              : List.of("transport-cc");
      codecLines(b, l.payloadType(), l.codec(), feedback, true);
      if (l.rtxPayloadType() >= 0) {
        SdpLines.rtx(b, l.rtxPayloadType(), l.payloadType());
      }
      if (l.active()) {
        SdpLines.msid(b, l.streamId(), l.trackId());
        if (l.rtxSsrc() >= 0) {
          b.append("a=ssrc-group:FID ").append(l.ssrc()).append(' ').append(l.rtxSsrc());
          b.append("\r\n");
        }
        SdpLines.ssrc(b, l.ssrc(), l.cname(), l.streamId(), l.trackId());
        if (l.rtxSsrc() >= 0) {
          SdpLines.ssrc(b, l.rtxSsrc(), l.cname(), l.streamId(), l.trackId());
        }
      }
    }
    return b.toString();
  }

  private static StringBuilder sessionHeader(long sessionId, int version) {
    StringBuilder b = new StringBuilder(2048);
    b.append("v=0\r\n");
    b.append("o=- ").append(sessionId).append(' ').append(version).append(" IN IP4 0.0.0.0\r\n");
    b.append("s=-\r\nt=0 0\r\na=ice-lite\r\n");
    return b;
  }

  private static void transportLines(
      StringBuilder b, IceCredentials ice, String fingerprint, String setup, List<String> cands) {
    b.append("c=IN IP4 0.0.0.0\r\n");
    b.append("a=ice-ufrag:").append(ice.ufrag()).append("\r\n");
    b.append("a=ice-pwd:").append(ice.password()).append("\r\n");
    b.append("a=ice-options:trickle\r\n");
    b.append("a=fingerprint:").append(fingerprint).append("\r\n");
    b.append("a=setup:").append(setup).append("\r\n");
    for (String c : cands) {
      b.append("a=").append(c).append("\r\n");
    }
    b.append("a=end-of-candidates\r\n");
  }

  /** A codec under payload type {@code pt}; transport-cc only where the browser offered it. */
  private static void codecLines(
      StringBuilder b, int pt, WebRtcSdp.Codec c, List<String> feedback) {
    codecLines(b, pt, c, feedback, false);
  }

  private static void codecLines(
      StringBuilder b, int pt, WebRtcSdp.Codec c, List<String> feedback, boolean ours) {
    SdpLines.rtpmap(b, pt, c.name(), c.clockRate(), c.channels());
    for (String fb : feedback) {
      if (ours || !fb.equals("transport-cc") || c.feedback().contains("transport-cc")) {
        SdpLines.rtcpFeedback(b, pt, fb);
      }
    }
    SdpLines.fmtp(b, pt, c.fmtp());
  }

  /** The key under which codecs count as the same on a subscribe connection (one PT each). */
  static String codecKey(WebRtcSdp.Codec c) {
    return c.name().toUpperCase(Locale.ROOT)
        + "/"
        + c.clockRate()
        + "/"
        + c.channels()
        + "/"
        + (c.fmtp() == null ? "" : c.fmtp());
  }

  /** The answer's m-lines must match our offer's mids, in order (RFC 3264 §6). */
  static void checkSubscribeAnswer(SessionDescription answer, List<String> offeredMids)
      throws MediaException {
    if (answer.media().size() != offeredMids.size()) {
      throw new MediaException(
          "the answer has "
              + answer.media().size()
              + " media sections; the offer had "
              + offeredMids.size());
    }
    for (int i = 0; i < offeredMids.size(); i++) {
      String mid = answer.media().get(i).attribute("mid");
      if (!offeredMids.get(i).equals(mid)) {
        throw new MediaException(
            "the answer's media section " + i + " is not mid " + offeredMids.get(i));
      }
    }
    for (MediaDescription m : answer.media()) {
      String setup = m.attribute("setup");
      if (setup != null && !setup.equals("active")) {
        throw new MediaException("the browser must be the DTLS client (setup:active)");
      }
    }
  }
}
