package org.conclave.media.client;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.conclave.media.dtls.DtlsRole;
import org.conclave.media.sdp.MediaDescription;
import org.conclave.media.sdp.SdpLines;
import org.conclave.media.sdp.SessionDescription;
import org.conclave.media.sdp.WebRtcSdp;
import org.conclave.media.transport.IceCredentials;

/**
 * The SDP a {@link ClientPeer} writes and reads (RFC 8829 JSEP, unified plan, BUNDLE RFC 8843,
 * rtcp-mux RFC 8035): minimal browser-like publish offers, recvonly answers to the node's subscribe
 * offers, and the node's side of either (its ICE credentials, DTLS fingerprint and candidates).
 * Stateless.
 */
final class ClientSdp {

  private ClientSdp() {}

  /**
   * The node's side of a description: what to check against and where to send, and which side of
   * the DTLS handshake that leaves to us.
   */
  record Remote(
      String ufrag,
      String password,
      WebRtcSdp.Fingerprint fingerprint,
      InetSocketAddress udp,
      InetSocketAddress tcp,
      DtlsRole dtlsRole) {

    /** Whether {@code other} names the same DTLS certificate (a new one is a new connection). */
    boolean sameFingerprint(Remote other) {
      return fingerprint.hashFunction().equalsIgnoreCase(other.fingerprint.hashFunction())
          && MessageDigest.isEqual(fingerprint.value(), other.fingerprint.value());
    }
  }

  /**
   * A publish offer: one sendonly m-line per source, mids "0", "1", ... in order, everything in one
   * BUNDLE group, ICE and DTLS attributes in every m-line as browsers write them, and our UDP host
   * candidate (when not null) in the first, as a browser that gathered before offering does.
   */
  static String publishOffer(
      long sessionId,
      int version,
      IceCredentials ice,
      String fingerprint,
      String cname,
      List<Source> sources,
      InetSocketAddress candidate) {
    StringBuilder b = header(sessionId, version);
    // One m-line per track: the simulcast encodings of a track share one.
    List<List<Source>> tracks = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      if (i == 0 || !PublishOffer.sameTrack(sources.get(i - 1), sources.get(i))) {
        tracks.add(new ArrayList<>());
      }
      tracks.get(tracks.size() - 1).add(sources.get(i));
    }
    List<String> mids = new ArrayList<>();
    for (int i = 0; i < tracks.size(); i++) {
      mids.add(String.valueOf(i));
    }
    b.append("a=group:BUNDLE ").append(String.join(" ", mids)).append("\r\n");
    b.append("a=extmap-allow-mixed\r\n");
    b.append("a=msid-semantic: WMS\r\n");
    for (int i = 0; i < tracks.size(); i++) {
      List<Source> encodings = tracks.get(i);
      Source s = encodings.get(0);
      boolean simulcast = s.rid() != null;
      boolean audio = s.kind().equals("audio");
      int pt = audio ? SyntheticMedia.OPUS_PAYLOAD_TYPE : SyntheticMedia.VP8_PAYLOAD_TYPE;
      b.append("m=").append(s.kind()).append(" 9 UDP/TLS/RTP/SAVPF ").append(pt).append("\r\n");
      transport(b, ice, fingerprint, "actpass");
      if (i == 0) {
        candidate(b, candidate);
      }
      b.append("a=mid:").append(mids.get(i)).append("\r\n");
      if (audio) {
        SdpLines.extmap(b, SyntheticMedia.AUDIO_LEVEL_ID, WebRtcSdp.AUDIO_LEVEL_URI);
      }
      SdpLines.extmap(b, SyntheticMedia.TRANSPORT_WIDE_SEQUENCE_ID, WebRtcSdp.TWCC_URI);
      SdpLines.extmap(b, SyntheticMedia.MID_ID, WebRtcSdp.MID_URI);
      if (simulcast) {
        SdpLines.extmap(b, SyntheticMedia.RID_ID, WebRtcSdp.RID_URI);
      }
      b.append("a=sendonly\r\n");
      SdpLines.msid(b, s.streamId(), s.trackId());
      b.append("a=rtcp-mux\r\n");
      if (audio) {
        SdpLines.rtpmap(b, pt, "opus", 48000, 2);
        SdpLines.rtcpFeedback(b, pt, "transport-cc");
        SdpLines.fmtp(b, pt, "minptime=10;useinbandfec=1");
      } else {
        SdpLines.rtpmap(b, pt, "VP8", 90000, 1);
        for (String fb : List.of("transport-cc", "ccm fir", "nack", "nack pli")) {
          SdpLines.rtcpFeedback(b, pt, fb);
        }
      }
      if (simulcast) {
        // RFC 8853 §5.1 / RFC 8851 §4: the encodings by rid, their SSRCs learnt from the rid
        // header extension as browsers do.
        List<String> rids = new ArrayList<>();
        for (Source e : encodings) {
          b.append("a=rid:").append(e.rid()).append(" send\r\n");
          rids.add(e.rid());
        }
        b.append("a=simulcast:send ").append(String.join(";", rids)).append("\r\n");
      } else {
        SdpLines.ssrc(b, s.ssrc(), cname, s.streamId(), s.trackId());
      }
    }
    return b.toString();
  }

  /**
   * The answer to a subscribe offer: every m-line the node sends on is received ({@code recvonly}),
   * inactive ones stay inactive, rejected ones (port 0) stay rejected; the offered codecs, RTX and
   * feedback are accepted as offered. We are the DTLS client ({@code setup:active}, RFC 5763 §5)
   * unless the offer says {@code setup:active} itself; then we are the server ({@code passive}).
   * Our UDP host candidate (when not null) is in the first m-line that is not rejected.
   */
  static String subscribeAnswer(
      SessionDescription offer,
      long sessionId,
      int version,
      IceCredentials ice,
      String fingerprint,
      InetSocketAddress candidate) {
    StringBuilder b = header(sessionId, version);
    String setup = dtlsRole(offer.attribute("setup"), offer.media()).sdpSetup();
    List<String> bundled = new ArrayList<>();
    for (MediaDescription m : offer.media()) {
      String mid = m.attribute("mid");
      if (m.port() != 0 && mid != null) {
        bundled.add(mid);
      }
    }
    b.append("a=group:BUNDLE ").append(String.join(" ", bundled)).append("\r\n");
    b.append("a=msid-semantic: WMS\r\n");
    boolean candidateWritten = false;
    for (MediaDescription m : offer.media()) {
      String mid = m.attribute("mid");
      String formats = String.join(" ", m.formats());
      if (m.port() == 0) {
        b.append("m=").append(m.kind()).append(" 0 ").append(m.proto()).append(' ');
        b.append(formats).append("\r\nc=IN IP4 0.0.0.0\r\n");
        if (mid != null) {
          b.append("a=mid:").append(mid).append("\r\n");
        }
        continue;
      }
      b.append("m=").append(m.kind()).append(" 9 ").append(m.proto()).append(' ');
      b.append(formats).append("\r\n");
      transport(b, ice, fingerprint, setup);
      if (!candidateWritten) {
        candidate(b, candidate);
        candidateWritten = true;
      }
      if (mid != null) {
        b.append("a=mid:").append(mid).append("\r\n");
      }
      for (String e : m.attributes("extmap")) {
        SdpLines.attribute(b, "extmap", e);
      }
      String direction = WebRtcSdp.direction(m);
      boolean sends = direction.equals("sendonly") || direction.equals("sendrecv");
      b.append(sends ? "a=recvonly\r\n" : "a=inactive\r\n");
      b.append("a=rtcp-mux\r\n");
      for (String name : List.of("rtpmap", "rtcp-fb", "fmtp")) {
        for (String v : m.attributes(name)) {
          SdpLines.attribute(b, name, v);
        }
      }
    }
    return b.toString();
  }

  /**
   * The node's ICE credentials, fingerprint and host candidates, from the first m-line that is not
   * rejected (BUNDLE: all share one transport), and our DTLS role: the server when the node's
   * {@code a=setup} is {@code active} (Janus answers a publish offer so), else the client (our node
   * answers {@code passive} and offers {@code actpass}; RFC 5763 §5).
   *
   * @throws IllegalArgumentException when any of them is missing or malformed
   */
  static Remote remote(SessionDescription d) {
    MediaDescription first = null;
    for (MediaDescription m : d.media()) {
      if (m.port() != 0) {
        first = m;
        break;
      }
    }
    if (first == null) {
      throw new IllegalArgumentException("every media section is rejected");
    }
    String ufrag = WebRtcSdp.iceUfrag(d, first);
    String pwd = WebRtcSdp.icePwd(d, first);
    WebRtcSdp.Fingerprint fp = WebRtcSdp.fingerprint(d, first);
    if (ufrag == null || pwd == null || fp == null) {
      throw new IllegalArgumentException("the description lacks ICE credentials or a fingerprint");
    }
    InetSocketAddress udp = null;
    InetSocketAddress tcp = null;
    List<String> candidates = new ArrayList<>(first.attributes("candidate"));
    candidates.addAll(d.attributes("candidate"));
    for (String c : candidates) {
      // RFC 8839 §5.1: foundation component transport priority address port "typ" type ...
      String[] p = c.split(" ");
      if (p.length < 8 || !p[1].equals("1") || !p[6].equals("typ")) {
        continue;
      }
      InetSocketAddress address = address(p[4], p[5]);
      String transport = p[2].toLowerCase(Locale.ROOT);
      if (address == null) {
        continue;
      }
      if (transport.equals("udp") && udp == null) {
        udp = address;
      } else if (transport.equals("tcp")
          && tcp == null
          && c.contains(" tcptype passive")) { // RFC 6544 §4.5: we are the active side
        tcp = address;
      }
    }
    if (udp == null && tcp == null) {
      throw new IllegalArgumentException("the description has no usable host candidate");
    }
    return new Remote(ufrag, pwd, fp, udp, tcp, dtlsRole(d.attribute("setup"), List.of(first)));
  }

  /** Ours, from the other side's {@code a=setup} (media level first, RFC 4145 §4). */
  private static DtlsRole dtlsRole(String sessionSetup, List<MediaDescription> media) {
    String setup = sessionSetup;
    for (MediaDescription m : media) {
      if (m.port() != 0 && m.attribute("setup") != null) {
        setup = m.attribute("setup");
        break;
      }
    }
    return "active".equals(setup) ? DtlsRole.SERVER : DtlsRole.CLIENT;
  }

  /** Each m-line of a subscribe offer. */
  static List<OfferedStream> offeredStreams(SessionDescription offer) {
    List<OfferedStream> out = new ArrayList<>();
    for (MediaDescription m : offer.media()) {
      int pt = -1;
      String codec = null;
      int rtxPt = -1;
      List<WebRtcSdp.Codec> codecs = WebRtcSdp.codecs(m);
      for (WebRtcSdp.Codec c : codecs) {
        if (!c.name().equalsIgnoreCase("rtx") && pt < 0) {
          pt = c.payloadType();
          codec = c.name();
        }
      }
      for (WebRtcSdp.Codec c : codecs) {
        if (c.name().equalsIgnoreCase("rtx") && c.associatedPayloadType() == pt && pt >= 0) {
          rtxPt = c.payloadType();
        }
      }
      long ssrc = -1;
      long rtxSsrc = -1;
      for (String g : m.attributes("ssrc-group")) {
        String[] parts = g.split(" ");
        if (parts.length == 3 && parts[0].equals("FID")) {
          ssrc = unsigned32(parts[1]);
          rtxSsrc = unsigned32(parts[2]);
        }
      }
      if (ssrc < 0) {
        List<Long> ssrcs = WebRtcSdp.ssrcs(m);
        ssrc = ssrcs.isEmpty() ? -1 : ssrcs.get(0);
      }
      String msid = m.attribute("msid");
      String streamId = msid == null ? null : msid.split(" ")[0];
      String direction = WebRtcSdp.direction(m);
      boolean active =
          m.port() != 0 && (direction.equals("sendonly") || direction.equals("sendrecv"));
      out.add(
          new OfferedStream(
              m.attribute("mid"), m.kind(), active, pt, codec, rtxPt, ssrc, rtxSsrc, streamId));
    }
    return List.copyOf(out);
  }

  private static StringBuilder header(long sessionId, int version) {
    StringBuilder b = new StringBuilder(2048);
    b.append("v=0\r\n");
    b.append("o=- ").append(sessionId).append(' ').append(version).append(" IN IP4 127.0.0.1\r\n");
    b.append("s=-\r\nt=0 0\r\n");
    return b;
  }

  private static void transport(
      StringBuilder b, IceCredentials ice, String fingerprint, String setup) {
    b.append("c=IN IP4 0.0.0.0\r\n");
    b.append("a=rtcp:9 IN IP4 0.0.0.0\r\n");
    b.append("a=ice-ufrag:").append(ice.ufrag()).append("\r\n");
    b.append("a=ice-pwd:").append(ice.password()).append("\r\n");
    b.append("a=ice-options:trickle\r\n");
    b.append("a=fingerprint:").append(fingerprint).append("\r\n");
    b.append("a=setup:").append(setup).append("\r\n");
  }

  /**
   * Our one UDP host candidate (RFC 8839 §5.1; priority by RFC 8445 §5.1.2.1: host type 126, local
   * preference 65535, component 1), then end-of-candidates: nothing will be trickled.
   */
  private static void candidate(StringBuilder b, InetSocketAddress host) {
    if (host == null) {
      return;
    }
    b.append("a=candidate:1 1 udp 2130706431 ")
        .append(host.getAddress().getHostAddress())
        .append(' ')
        .append(host.getPort())
        .append(" typ host\r\n");
    b.append("a=end-of-candidates\r\n");
  }

  /** An IP literal and port, or null; never a name lookup. */
  private static InetSocketAddress address(String host, String port) {
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      return null;
    }
    if (p < 1 || p > 65535 || !host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return null;
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), p);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static long unsigned32(String s) {
    try {
      long v = Long.parseLong(s);
      return v < 0 || v > 0xFFFF_FFFFL ? -1 : v;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
