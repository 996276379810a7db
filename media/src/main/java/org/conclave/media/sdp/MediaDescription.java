package org.conclave.media.sdp;

import java.util.List;

/**
 * One media section (RFC 8866 §5.14): {@code m=<media> <port> <proto> <fmt> ...} and the lines
 * after it up to the next {@code m=}.
 *
 * @param kind "audio", "video", "application", ...
 * @param formats the payload types (RTP) or format names, as written
 * @param connection the section's {@code c=} value, or null
 * @param bandwidths the section's {@code b=} values
 */
public record MediaDescription(
    String kind,
    int port,
    String proto,
    List<String> formats,
    String connection,
    List<String> bandwidths,
    List<Attribute> attributes) {

  public MediaDescription {
    formats = List.copyOf(formats);
    bandwidths = List.copyOf(bandwidths);
    attributes = List.copyOf(attributes);
  }

  /** The value of the first attribute of this name; null when absent (or a property). */
  public String attribute(String name) {
    return Attributes.first(attributes, name);
  }

  /** Whether an attribute of this name is present (with or without a value). */
  public boolean has(String name) {
    return Attributes.has(attributes, name);
  }

  /** The values of every attribute of this name, in order. */
  public List<String> attributes(String name) {
    return Attributes.all(attributes, name);
  }
}
