package org.conclave.server.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** Constants and field checks of the signaling protocol. */
public final class Protocol {

  /** The protocol version this server speaks; a {@code hello} with another is refused. */
  public static final int VERSION = 1;

  public static final int CHAT_MAX_CHARS = 2000;
  public static final int NAME_MAX_CHARS = 80;

  /** The longest SDP accepted in a frame (the media server's own parser has the same cap). */
  public static final int SDP_MAX_CHARS = 64 * 1024;

  private static final int TOKEN_MAX_CHARS = 128;

  private Protocol() {}

  /** The wire name of a message class. */
  public static String typeName(Class<?> type) {
    JsonTypeName name = type.getAnnotation(JsonTypeName.class);
    return name == null ? type.getSimpleName() : name.value();
  }

  static void requireToken(String token, String field) {
    requireText(token, field, TOKEN_MAX_CHARS);
  }

  static void requireId(String id) {
    requireText(id, "participant", 64);
  }

  static void requireValue(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " is required");
    }
  }

  /** Non-blank, at most {@code max} characters, no control characters but newlines in text. */
  static void requireText(String text, String field, int max) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    if (text.length() > max) {
      throw new IllegalArgumentException(field + " is longer than " + max + " characters");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' || c == '\u2028' || c == '\u2029') {
        throw new IllegalArgumentException(field + " holds a control character");
      }
    }
  }
}
