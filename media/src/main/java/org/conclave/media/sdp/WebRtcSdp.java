package org.conclave.media.sdp;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The WebRTC meaning of a parsed description (RFC 8829 JSEP, RFC 8843 BUNDLE, RFC 8122
 * fingerprints, RFC 8285 extmap, RFC 4585 rtcp-fb, RFC 5576 ssrc). Each reader returns null or an
 * empty list for a missing or malformed value instead of throwing; the caller decides whether the
 * description is acceptable.
 */
public final class WebRtcSdp {

  /** The RTP header extension carrying the mid (RFC 8843, as an RFC 7941 SDES item). */
  public static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";

  /** The RTP stream id naming a simulcast encoding (RFC 8852 §3.1, RFC 8851). */
  public static final String RID_URI = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

  /** The client-to-mixer audio level extension (RFC 6464 §4). */
  public static final String AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

  /** Transport-wide sequence numbers (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
  public static final String TWCC_URI =
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

  private WebRtcSdp() {}

  /**
   * A payload type of an RTP media section: {@code a=rtpmap}, {@code a=fmtp}, {@code a=rtcp-fb}.
   */
  public record Codec(
      int payloadType,
      String name,
      int clockRate,
      int channels,
      String fmtp,
      List<String> feedback) {
    public Codec {
      feedback = List.copyOf(feedback);
    }

    /** For RTX (RFC 4588): the payload type it repairs ({@code apt=}), or -1. */
    public int associatedPayloadType() {
      if (fmtp == null) {
        return -1;
      }
      for (String p : fmtp.split(";")) {
        String kv = p.strip();
        if (kv.startsWith("apt=")) {
          return parseInt(kv.substring(4), 0, 127);
        }
      }
      return -1;
    }
  }

  /** {@code a=extmap:<id>[/<direction>] <uri>} (RFC 8285 §8). */
  public record Extension(int id, String uri) {}

  /** {@code a=fingerprint:<hash function> <hex bytes separated by colons>} (RFC 8122 §5). */
  public record Fingerprint(String hashFunction, byte[] value) {
    /** Upper-case hex with colons, as in SDP. */
    public String text() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < value.length; i++) {
        if (i > 0) {
          b.append(':');
        }
        b.append(HexFormat.of().withUpperCase().toHexDigits(value[i]));
      }
      return hashFunction + " " + b;
    }
  }

  /** The section's codecs, in the order of its format list; formats without rtpmap are skipped. */
  public static List<Codec> codecs(MediaDescription m) {
    Map<Integer, String[]> rtpmap = new LinkedHashMap<>();
    for (String v : m.attributes("rtpmap")) {
      int space = v.indexOf(' ');
      if (space < 0) {
        continue;
      }
      int pt = parseInt(v.substring(0, space), 0, 127);
      String[] enc = v.substring(space + 1).split("/");
      if (pt >= 0 && enc.length >= 2 && enc.length <= 3) {
        rtpmap.putIfAbsent(pt, enc);
      }
    }
    List<Codec> out = new ArrayList<>();
    for (String f : m.formats()) {
      int pt = parseInt(f, 0, 127);
      String[] enc = rtpmap.get(pt);
      if (enc == null) {
        continue;
      }
      int clock = parseInt(enc[1], 1, 10_000_000);
      int channels = enc.length == 3 ? parseInt(enc[2], 1, 255) : 1;
      if (clock < 0 || channels < 0) {
        continue;
      }
      out.add(
          new Codec(
              pt,
              enc[0],
              clock,
              channels,
              valueFor(m.attributes("fmtp"), pt),
              valuesFor(m.attributes("rtcp-fb"), pt)));
    }
    return out;
  }

  /** The section's header extensions; malformed lines are skipped. */
  public static List<Extension> extensions(MediaDescription m) {
    List<Extension> out = new ArrayList<>();
    for (String v : m.attributes("extmap")) {
      String[] parts = v.split(" ");
      if (parts.length < 2) {
        continue;
      }
      String idText = parts[0];
      int slash = idText.indexOf('/');
      int id = parseInt(slash < 0 ? idText : idText.substring(0, slash), 1, 255);
      if (id > 0 && id != 15) {
        out.add(new Extension(id, parts[1]));
      }
    }
    return out;
  }

  /** The media section's fingerprint, else the session's (RFC 8122 §5); null when none is valid. */
  public static Fingerprint fingerprint(SessionDescription d, MediaDescription m) {
    String v = m.attribute("fingerprint");
    if (v == null) {
      v = d.attribute("fingerprint");
    }
    if (v == null) {
      return null;
    }
    int space = v.indexOf(' ');
    if (space <= 0) {
      return null;
    }
    String hash = v.substring(0, space).toLowerCase(Locale.ROOT);
    String[] octets = v.substring(space + 1).strip().split(":");
    if (octets.length < 16 || octets.length > 64) {
      return null;
    }
    byte[] value = new byte[octets.length];
    for (int i = 0; i < octets.length; i++) {
      if (octets[i].length() != 2) {
        return null;
      }
      try {
        value[i] = (byte) Integer.parseInt(octets[i], 16);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return new Fingerprint(hash, value);
  }

  /** sendrecv (the default), sendonly, recvonly or inactive (RFC 8866 §6.7). */
  public static String direction(MediaDescription m) {
    for (String d : List.of("sendonly", "recvonly", "inactive", "sendrecv")) {
      if (m.has(d)) {
        return d;
      }
    }
    return "sendrecv";
  }

  /** The mids of the first BUNDLE group ({@code a=group:BUNDLE 0 1 2}, RFC 8843 §7.1). */
  public static List<String> bundle(SessionDescription d) {
    for (String g : d.attributes("group")) {
      String[] parts = g.split(" ");
      if (parts.length >= 2 && parts[0].equals("BUNDLE")) {
        return List.of(parts).subList(1, parts.length);
      }
    }
    return List.of();
  }

  /** The SSRCs announced in a section ({@code a=ssrc:<ssrc> ...}, RFC 5576 §4.1), in order. */
  public static List<Long> ssrcs(MediaDescription m) {
    List<Long> out = new ArrayList<>();
    for (String v : m.attributes("ssrc")) {
      int space = v.indexOf(' ');
      long ssrc = parseUnsigned32(space < 0 ? v : v.substring(0, space));
      if (ssrc >= 0 && !out.contains(ssrc)) {
        out.add(ssrc);
      }
    }
    return out;
  }

  /** ICE credentials of a section, falling back to session level (RFC 8839 §5.4). */
  public static String iceUfrag(SessionDescription d, MediaDescription m) {
    String v = m.attribute("ice-ufrag");
    return v != null ? v : d.attribute("ice-ufrag");
  }

  public static String icePwd(SessionDescription d, MediaDescription m) {
    String v = m.attribute("ice-pwd");
    return v != null ? v : d.attribute("ice-pwd");
  }

  private static String valueFor(List<String> values, int pt) {
    for (String v : values) {
      int space = v.indexOf(' ');
      if (space > 0 && parseInt(v.substring(0, space), 0, 127) == pt) {
        return v.substring(space + 1);
      }
    }
    return null;
  }

  private static List<String> valuesFor(List<String> values, int pt) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      int space = v.indexOf(' ');
      if (space > 0) {
        String head = v.substring(0, space);
        if (head.equals("*") || parseInt(head, 0, 127) == pt) {
          out.add(v.substring(space + 1));
        }
      }
    }
    return out;
  }

  /** A decimal between min and max, or -1. */
  static int parseInt(String s, int min, int max) {
    if (s.isEmpty() || s.length() > 9) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v < min || v > max ? -1 : v;
  }

  private static long parseUnsigned32(String s) {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
      return -1;
    }
    long v = Long.parseLong(s);
    return v > 0xFFFFFFFFL ? -1 : v;
  }
}
