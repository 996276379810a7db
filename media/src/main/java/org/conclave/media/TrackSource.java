package org.conclave.media;

/** What a published track carries; each needs its own permission. */
public enum TrackSource {
  MICROPHONE("audio"),
  CAMERA("video"),
  SCREEN("video");

  private final String kind;

  TrackSource(String kind) {
    this.kind = kind;
  }

  /** The SDP media kind: "audio" or "video". */
  public String kind() {
    return kind;
  }

  /** The wire name ("microphone", "camera", "screen"), or null for an unknown name. */
  public static TrackSource fromWire(String name) {
    if (name == null) {
      return null;
    }
    return switch (name) {
      case "microphone" -> MICROPHONE;
      case "camera" -> CAMERA;
      case "screen" -> SCREEN;
      default -> null;
    };
  }

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
