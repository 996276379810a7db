package org.conclave.media.client;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.conclave.media.rtp.HeaderExtension;
import org.conclave.media.rtp.RtpFields;

/**
 * The sending state of a {@link ClientPeer}'s sources, as a browser keeps it: per source a sequence
 * number and timestamp that start at random values (RFC 3550 §5.1) and a VP8 PictureID; per peer
 * connection one transport-wide sequence number over every packet. Builds the next packet of a
 * source; the peer sends it. Thread-safe.
 */
final class OutgoingStreams {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<Long, State> states = new ConcurrentHashMap<>();
  private final AtomicInteger transportSequence = new AtomicInteger(RANDOM.nextInt(0x10000));
  private volatile Map<Long, String> midsBySsrc = Map.of();

  private static final class State {
    int sequence = RANDOM.nextInt(0x10000);
    long timestamp = RANDOM.nextInt() & 0xFFFF_FFFFL;
    int pictureId = RANDOM.nextInt(0x8000);
  }

  /** The mid of each published SSRC, from the latest offer. */
  void setMids(Map<Long, String> bySsrc) {
    midsBySsrc = Map.copyOf(bySsrc);
  }

  /** The next Opus packet of {@code source} (20 ms on), with its audio level. */
  SentRtp opus(Source source, int level, boolean voiceActivity) {
    List<HeaderExtension> ext = new ArrayList<>(3);
    ext.add(SyntheticMedia.audioLevel(level, voiceActivity));
    ThreadLocalRandom random = ThreadLocalRandom.current();
    byte[] payload = SyntheticMedia.opus(40 + random.nextInt(81), random);
    return next(
        source,
        SyntheticMedia.OPUS_PAYLOAD_TYPE,
        false,
        SyntheticMedia.OPUS_FRAME_TICKS,
        ext,
        payload);
  }

  /** The next VP8 frame of {@code source} (1/30 s on) in one packet, marker set. */
  SentRtp vp8(Source source, boolean keyframe, int length) {
    return vp8(source, keyframe, length, 0, 0);
  }

  /**
   * As {@link #vp8(Source, boolean, int)}; a keyframe says it is {@code width} × {@code height}
   * (RFC 6386 §9.1) unless both are 0.
   */
  SentRtp vp8(Source source, boolean keyframe, int length, int width, int height) {
    State s = state(source);
    int pictureId;
    synchronized (s) {
      pictureId = s.pictureId;
      s.pictureId = (s.pictureId + 1) & 0x7FFF;
    }
    byte[] payload = SyntheticMedia.vp8(keyframe, pictureId, length, ThreadLocalRandom.current());
    if (keyframe && (width > 0 || height > 0)) {
      int at = SyntheticMedia.VP8_DESCRIPTOR_LENGTH + 6; // after the frame tag and start code
      payload[at] = (byte) width;
      payload[at + 1] = (byte) ((width >>> 8) & 0x3F);
      payload[at + 2] = (byte) height;
      payload[at + 3] = (byte) ((height >>> 8) & 0x3F);
    }
    return next(
        source,
        SyntheticMedia.VP8_PAYLOAD_TYPE,
        true,
        SyntheticMedia.VIDEO_FRAME_TICKS,
        new ArrayList<>(2),
        payload);
  }

  private SentRtp next(
      Source source,
      int payloadType,
      boolean marker,
      int ticks,
      List<HeaderExtension> ext,
      byte[] payload) {
    State s = state(source);
    int seq;
    long ts;
    synchronized (s) {
      seq = s.sequence;
      ts = s.timestamp;
      s.sequence = (s.sequence + 1) & 0xFFFF;
      s.timestamp = (s.timestamp + ticks) & 0xFFFF_FFFFL;
    }
    ext.add(SyntheticMedia.transportWideSequence(transportSequence.getAndIncrement()));
    String mid = midsBySsrc.get(source.ssrc());
    if (mid != null) {
      ext.add(SyntheticMedia.mid(mid));
    }
    if (source.rid() != null) {
      ext.add(SyntheticMedia.rid(source.rid()));
    }
    RtpFields header = new RtpFields(marker, payloadType, seq, ts, source.ssrc(), List.of(), ext);
    return new SentRtp(header, payload, false);
  }

  private State state(Source source) {
    return states.computeIfAbsent(source.ssrc(), k -> new State());
  }
}
