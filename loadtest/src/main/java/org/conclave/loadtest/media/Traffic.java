package org.conclave.loadtest.media;

/**
 * What one participant of a scenario publishes: Opus-like audio and, optionally, one VP8-like video
 * layer. The layers are those a browser sends with simulcast (about 2.5 Mbps / 500 kbps / 150 kbps
 * at 30 / 30 / 15 frames per second); until our SFU takes simulcast, a publisher sends the one
 * layer its scenario names, as one video track.
 */
record Traffic(boolean audio, Layer video) {

  /** Opus at 20 ms frames: 50 packets a second of about {@value #AUDIO_PAYLOAD} bytes. */
  static final int AUDIO_PACKETS_PER_SECOND = 50;

  static final int AUDIO_PAYLOAD = 100;

  /** A keyframe about every 3 s, as browsers send without loss; more when asked (PLI/FIR). */
  static final long KEYFRAME_INTERVAL_NANOS = 3_000_000_000L;

  /** How much a keyframe weighs against a delta frame of the same layer. */
  static final int KEYFRAME_WEIGHT = 4;

  /** The largest payload of one RTP packet; a frame is cut into packets of equal size. */
  static final int MAX_PAYLOAD = 1_100;

  static final Traffic AUDIO_ONLY = new Traffic(true, null);

  /** One simulcast layer: its bit rate and frame rate. */
  enum Layer {
    HIGH(2_500_000, 30),
    MID(500_000, 30),
    LOW(150_000, 15);

    final int bitsPerSecond;
    final int framesPerSecond;

    Layer(int bitsPerSecond, int framesPerSecond) {
      this.bitsPerSecond = bitsPerSecond;
      this.framesPerSecond = framesPerSecond;
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

  /** "audio", "audio+video 500k", ... for the table. */
  String describe() {
    String v =
        video == null ? null : "video " + video.bitsPerSecond / 1000 + "k@" + video.framesPerSecond;
    return audio && v != null ? "audio+" + v : audio ? "audio" : v;
  }
}
