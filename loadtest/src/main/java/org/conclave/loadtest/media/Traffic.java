package org.conclave.loadtest.media;

import java.util.List;

/**
 * What one participant of a scenario publishes: Opus-like audio and, optionally, a VP8-like camera
 * sent either as one layer or, as browsers send it, as three simulcast encodings (about 2.5 Mbps /
 * 500 kbps / 150 kbps at 30 / 30 / 15 frames per second, rids {@code f}, {@code h}, {@code q}) on
 * one m-line. Both SFUs forward each subscriber one encoding of a simulcast camera: ours the
 * highest while the subscriber sends no transport-wide feedback (our peers send none), Janus
 * substream 2 (the highest) by default; {@link #forwarded} is the one the scenarios expect.
 *
 * @param video the camera's layers, lowest first: empty for none, one for a plain track, three for
 *     simulcast
 */
record Traffic(boolean audio, List<Layer> video) {

  Traffic {
    video = List.copyOf(video);
  }

  /** Opus at 20 ms frames: 50 packets a second of about {@value #AUDIO_PAYLOAD} bytes. */
  static final int AUDIO_PACKETS_PER_SECOND = 50;

  static final int AUDIO_PAYLOAD = 100;

  /** A keyframe about every 3 s, as browsers send without loss; more when asked (PLI/FIR). */
  static final long KEYFRAME_INTERVAL_NANOS = 3_000_000_000L;

  /** How much a keyframe weighs against a delta frame of the same layer. */
  static final int KEYFRAME_WEIGHT = 4;

  /** The largest payload of one RTP packet; a frame is cut into packets of equal size. */
  static final int MAX_PAYLOAD = 1_100;

  static final Traffic AUDIO_ONLY = new Traffic(true, List.of());

  /** Audio and a camera in three simulcast encodings, lowest first. */
  static final Traffic SIMULCAST_CAMERA =
      new Traffic(true, List.of(Layer.LOW, Layer.MID, Layer.HIGH));

  /** Audio and a camera of one layer. */
  static Traffic camera(Layer layer) {
    return new Traffic(true, List.of(layer));
  }

  /**
   * One video layer (a simulcast encoding): its rid, bit rate, frame rate and the picture size its
   * keyframes declare (RFC 6386 §9.1; our SFU reads it to rank layers).
   */
  enum Layer {
    LOW("q", 150_000, 15, 320, 180),
    MID("h", 500_000, 30, 640, 360),
    HIGH("f", 2_500_000, 30, 1280, 720);

    final String rid;
    final int bitsPerSecond;
    final int framesPerSecond;
    final int width;
    final int height;

    Layer(String rid, int bitsPerSecond, int framesPerSecond, int width, int height) {
      this.rid = rid;
      this.bitsPerSecond = bitsPerSecond;
      this.framesPerSecond = framesPerSecond;
      this.width = width;
      this.height = height;
    }

    /** Bytes of a delta frame's payloads, so that the layer keeps its rate with its keyframes. */
    int deltaFrameBytes() {
      double frames = framesPerSecond * (KEYFRAME_INTERVAL_NANOS / 1e9);
      double weight = (frames - 1 + KEYFRAME_WEIGHT) / frames;
      return (int) Math.round(bitsPerSecond / 8.0 / framesPerSecond / weight);
    }

    int keyframeBytes() {
      return deltaFrameBytes() * KEYFRAME_WEIGHT;
    }
  }

  boolean simulcast() {
    return video.size() > 1;
  }

  /** The video layer a subscriber receives: the highest. Null without video. */
  Layer forwarded() {
    return video.isEmpty() ? null : video.get(video.size() - 1);
  }

  /** "audio", "audio+video 500k@30", "audio+simulcast 150k@15/500k@30/2500k@30" for the table. */
  String describe() {
    if (video.isEmpty()) {
      return "audio";
    }
    StringBuilder v = new StringBuilder(simulcast() ? "simulcast " : "video ");
    for (int i = 0; i < video.size(); i++) {
      Layer l = video.get(i);
      v.append(i == 0 ? "" : "/")
          .append(l.bitsPerSecond / 1000)
          .append("k@")
          .append(l.framesPerSecond);
    }
    return audio ? "audio+" + v : v.toString();
  }
}
