package org.conclave.media.sdp;

/**
 * One {@code a=} line (RFC 8866 §5.13): a property ({@code a=rtcp-mux}, value null) or a value
 * attribute ({@code a=mid:0}).
 */
public record Attribute(String name, String value) {

  /** The line's text after {@code a=}. */
  String text() {
    return value == null ? name : name + ":" + value;
  }
}
