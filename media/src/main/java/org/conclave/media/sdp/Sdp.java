package org.conclave.media.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes session descriptions (RFC 8866). Strict where strictness protects the server:
 * {@code v=0} first, {@code o=}, {@code s=} and {@code t=} present at session level, every line
 * {@code <letter>=<value>} with a known letter, every {@code m=} line well formed; and bounded (at
 * most {@value #MAX_CHARS} characters, {@value #MAX_LINES} lines, {@value #MAX_MEDIA} media
 * sections), so an offer from a browser cannot make the parser do unbounded work. Anything else
 * gives null, never an exception. Does no I/O; thread-safe.
 */
public final class Sdp {

  public static final int MAX_CHARS = 64 * 1024;
  static final int MAX_LINES = 2000;
  static final int MAX_MEDIA = 64;
  private static final String LINE_TYPES = "vosiuepcbtrzkam";

  private Sdp() {}

  /** The description in {@code text}, or null when it is not a valid one within the limits. */
  public static SessionDescription parse(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_CHARS) {
      return null;
    }
    String[] lines = text.split("\r?\n", -1);
    int count = lines.length;
    if (count > 0 && lines[count - 1].isEmpty()) {
      count--; // the final line break
    }
    if (count == 0 || count > MAX_LINES || !"v=0".equals(lines[0])) {
      return null;
    }
    Builder session = new Builder();
    Builder current = session;
    List<MediaDescription> media = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      String line = lines[i];
      if (line.length() < 2
          || line.charAt(1) != '='
          || LINE_TYPES.indexOf(line.charAt(0)) < 0
          || hasControl(line)) {
        return null;
      }
      char type = line.charAt(0);
      String value = line.substring(2);
      switch (type) {
        case 'v' -> {
          return null; // only once, first
        }
        case 'm' -> {
          if (current != session && !current.finish(media)) {
            return null;
          }
          if (media.size() >= MAX_MEDIA) {
            return null;
          }
          current = Builder.media(value);
          if (current == null) {
            return null;
          }
        }
        case 'a' -> {
          Attribute a = attribute(value);
          if (a == null) {
            return null;
          }
          current.attributes.add(a);
        }
        case 'c' -> {
          if (current.connection != null || value.isBlank()) {
            return null;
          }
          current.connection = value;
        }
        case 'b' -> current.bandwidths.add(value);
        case 'o', 's', 't' -> {
          if (current != session) {
            return null;
          }
          if (type == 'o') {
            session.origin = value;
          } else if (type == 's') {
            session.sessionName = value;
          } else if (session.timing == null) {
            session.timing = value;
          }
        }
        default -> {
          // i, u, e, p, r, z, k: allowed by RFC 8866 and not used by WebRTC; kept out of the model.
        }
      }
    }
    if (current != session && !current.finish(media)) {
      return null;
    }
    if (session.origin == null || session.sessionName == null || session.timing == null) {
      return null;
    }
    return new SessionDescription(
        0,
        session.origin,
        session.sessionName,
        session.connection,
        session.timing,
        session.attributes,
        media);
  }

  /** The description as SDP text, lines ended by CRLF (RFC 8866 §5). */
  public static String write(SessionDescription d) {
    StringBuilder b = new StringBuilder(1024);
    line(b, 'v', "0");
    line(b, 'o', d.origin());
    line(b, 's', d.sessionName());
    if (d.connection() != null) {
      line(b, 'c', d.connection());
    }
    line(b, 't', d.timing());
    for (Attribute a : d.attributes()) {
      line(b, 'a', a.text());
    }
    for (MediaDescription m : d.media()) {
      line(
          b,
          'm',
          m.kind() + " " + m.port() + " " + m.proto() + " " + String.join(" ", m.formats()));
      if (m.connection() != null) {
        line(b, 'c', m.connection());
      }
      for (String bw : m.bandwidths()) {
        line(b, 'b', bw);
      }
      for (Attribute a : m.attributes()) {
        line(b, 'a', a.text());
      }
    }
    return b.toString();
  }

  private static void line(StringBuilder b, char type, String value) {
    b.append(type).append('=').append(value).append("\r\n");
  }

  /** {@code name} or {@code name:value}; the name is a token (RFC 8866 §9, att-field). */
  static Attribute attribute(String text) {
    int colon = text.indexOf(':');
    String name = colon < 0 ? text : text.substring(0, colon);
    if (name.isEmpty()) {
      return null;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return null;
      }
    }
    return new Attribute(name, colon < 0 ? null : text.substring(colon + 1));
  }

  private static boolean hasControl(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c < ' ' && c != '\t' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /** Lines being collected for the session or one media section. */
  private static final class Builder {
    String origin;
    String sessionName;
    String timing;
    String connection;
    final List<String> bandwidths = new ArrayList<>();
    final List<Attribute> attributes = new ArrayList<>();
    String kind;
    int port;
    String proto;
    List<String> formats;

    /** {@code <media> <port>[/<number of ports>] <proto> <fmt> ...} (RFC 8866 §5.14). */
    static Builder media(String value) {
      String[] parts = value.split(" ", -1);
      if (parts.length < 4) {
        return null;
      }
      for (String p : parts) {
        if (p.isEmpty()) {
          return null;
        }
      }
      String portText = parts[1];
      int slash = portText.indexOf('/');
      if (slash >= 0) {
        portText = portText.substring(0, slash);
      }
      if (portText.isEmpty()
          || portText.length() > 5
          || !portText.chars().allMatch(Character::isDigit)) {
        return null;
      }
      int port = Integer.parseInt(portText);
      if (port > 65535) {
        return null;
      }
      Builder b = new Builder();
      b.kind = parts[0];
      b.port = port;
      b.proto = parts[2];
      b.formats = List.of(parts).subList(3, parts.length);
      return b;
    }

    boolean finish(List<MediaDescription> media) {
      media.add(
          new MediaDescription(kind, port, proto, formats, connection, bandwidths, attributes));
      return true;
    }
  }
}
