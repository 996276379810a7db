package org.conclave.media.sdp;

import java.util.List;

/**
 * A whole session description (RFC 8866 §5): the session-level lines and its media sections.
 * Immutable. {@link Sdp#parse} makes one from text and {@link Sdp#write} turns one into text.
 *
 * @param origin the {@code o=} value
 * @param sessionName the {@code s=} value
 * @param connection the session-level {@code c=} value, or null
 * @param timing the {@code t=} value
 */
public record SessionDescription(
    int version,
    String origin,
    String sessionName,
    String connection,
    String timing,
    List<Attribute> attributes,
    List<MediaDescription> media) {

  public SessionDescription {
    attributes = List.copyOf(attributes);
    media = List.copyOf(media);
  }

  /** The value of the first session-level attribute of this name; null when absent. */
  public String attribute(String name) {
    return Attributes.first(attributes, name);
  }

  public boolean has(String name) {
    return Attributes.has(attributes, name);
  }

  public List<String> attributes(String name) {
    return Attributes.all(attributes, name);
  }

  /** The media section whose {@code a=mid} is {@code mid}, or null. */
  public MediaDescription byMid(String mid) {
    for (MediaDescription m : media) {
      if (mid.equals(m.attribute("mid"))) {
        return m;
      }
    }
    return null;
  }
}
