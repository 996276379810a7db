package org.conclave.loadtest.media;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.conclave.media.TrackSource;
import org.conclave.media.client.ClientPeer;
import org.conclave.media.client.Source;
import org.conclave.media.client.SyntheticMedia;
import org.conclave.media.rtp.HeaderExtension;
import org.conclave.media.rtp.RtpFields;

/**
 * One source a publisher sends in a benchmark: an Opus-like stream of one packet every 20 ms, or a
 * VP8-like layer whose frames are cut into packets of at most {@link Traffic#MAX_PAYLOAD} bytes,
 * with a keyframe every {@link Traffic#KEYFRAME_INTERVAL_NANOS} and on request. Each packet carries
 * the {@link Stamp}. Owned by the {@link TrafficSender}'s thread, except {@link #requestKeyframe}
 * and the counters, which any thread may call.
 */
final class OutgoingStream {

  /** The transport-wide sequence number is per peer connection (one per publisher). */
  static final class Connection {
    final ClientPeer peer;
    int transportSequence; // sender thread

    Connection(ClientPeer peer, int first) {
      this.peer = peer;
      this.transportSequence = first;
    }
  }

  private static final long KEYFRAME_REQUEST_GAP_NANOS = 300_000_000L;

  final Source source;
  final boolean video;

  /** Whether subscribers receive this stream (not so a simulcast encoding the SFUs skip). */
  final boolean forwarded;

  private final Connection connection;
  private final String mid;
  private final Traffic.Layer layer;
  private final long intervalNanos;
  private final SplittableRandom random;
  private final byte[] noise;
  private int sequence;
  private long timestamp;
  private int pictureId;
  private int counter;
  private long lastKeyframe = Long.MIN_VALUE / 2;
  private volatile boolean keyframeWanted = true; // a new stream starts with one
  private volatile boolean stopped;
  long due; // sender thread

  /** Packets sent whose stamp falls in the current window; reset by {@link TrafficSender}. */
  volatile long sentInWindow;

  OutgoingStream(
      Connection connection,
      Source source,
      String mid,
      Traffic.Layer layer,
      boolean forwarded,
      long seed) {
    this.connection = connection;
    this.source = source;
    this.video = source.source() != TrackSource.MICROPHONE;
    this.forwarded = forwarded;
    this.mid = mid;
    this.layer = layer;
    this.random = new SplittableRandom(seed);
    this.intervalNanos =
        video
            ? 1_000_000_000L / layer.framesPerSecond
            : 1_000_000_000L / Traffic.AUDIO_PACKETS_PER_SECOND;
    this.sequence = random.nextInt(0x10000);
    this.timestamp = random.nextLong() & 0xFFFF_FFFFL;
    this.pictureId = random.nextInt(0x8000);
    this.noise = new byte[Traffic.MAX_PAYLOAD];
    random.nextBytes(noise);
  }

  long intervalNanos() {
    return intervalNanos;
  }

  /** Called when the SFU asks for a keyframe (PLI or FIR); at most one every 300 ms is sent. */
  void requestKeyframe() {
    keyframeWanted = true;
  }

  void stop() {
    stopped = true;
  }

  boolean stopped() {
    return stopped;
  }

  /**
   * Sends the next frame (all its packets) and moves {@link #due} on by one frame.
   *
   * @param window the measuring window, or null
   * @return packets sent
   */
  int sendFrame(long now, Window window) {
    int sent;
    if (video) {
      boolean keyframe =
          now - lastKeyframe >= Traffic.KEYFRAME_INTERVAL_NANOS
              || (keyframeWanted && now - lastKeyframe >= KEYFRAME_REQUEST_GAP_NANOS);
      if (keyframe) {
        keyframeWanted = false;
        lastKeyframe = now;
      }
      sent = sendVideoFrame(keyframe, window);
      timestamp = (timestamp + 90_000 / layer.framesPerSecond) & 0xFFFF_FFFFL;
      pictureId = (pictureId + 1) & 0x7FFF;
    } else {
      sent = sendAudio(window);
      timestamp = (timestamp + SyntheticMedia.OPUS_FRAME_TICKS) & 0xFFFF_FFFFL;
    }
    due += intervalNanos;
    return sent;
  }

  private int sendAudio(Window window) {
    byte[] payload = payload(Traffic.AUDIO_PAYLOAD);
    List<HeaderExtension> ext = new ArrayList<>(4);
    ext.add(SyntheticMedia.audioLevel(30 + random.nextInt(40), true));
    return send(SyntheticMedia.OPUS_PAYLOAD_TYPE, false, ext, payload, window) ? 1 : 0;
  }

  private int sendVideoFrame(boolean keyframe, Window window) {
    int bytes = keyframe ? layer.keyframeBytes() : layer.deltaFrameBytes();
    int packets = Math.max(1, (bytes + Traffic.MAX_PAYLOAD - 1) / Traffic.MAX_PAYLOAD);
    int each = Math.max(Stamp.MIN_PAYLOAD, bytes / packets);
    int sent = 0;
    for (int i = 0; i < packets; i++) {
      byte[] payload = payload(each);
      boolean first = i == 0;
      // RFC 7741 §4.2: X=1, S on a frame's first packet, PID 0; I=1 with a 15-bit PictureID.
      payload[0] = (byte) (first ? 0x90 : 0x80);
      payload[1] = (byte) 0x80;
      payload[2] = (byte) (0x80 | (pictureId >>> 8));
      payload[3] = (byte) pictureId;
      if (first) {
        // RFC 6386 §9.1: show_frame = 1, version 0, P = 0 only for a keyframe; its start code.
        payload[4] = (byte) ((payload[4] & 0xE0) | 0x10 | (keyframe ? 0 : 1));
        if (keyframe) {
          payload[7] = (byte) 0x9d;
          payload[8] = 0x01;
          payload[9] = 0x2a;
          // RFC 6386 §9.1: 14-bit width and height, little-endian, no scaling; the stamp follows.
          payload[10] = (byte) layer.width;
          payload[11] = (byte) ((layer.width >>> 8) & 0x3F);
          payload[12] = (byte) layer.height;
          payload[13] = (byte) ((layer.height >>> 8) & 0x3F);
        }
      }
      if (send(
          SyntheticMedia.VP8_PAYLOAD_TYPE, i == packets - 1, new ArrayList<>(3), payload, window)) {
        sent++;
      }
    }
    return sent;
  }

  private boolean send(
      int payloadType, boolean marker, List<HeaderExtension> ext, byte[] payload, Window window) {
    ext.add(SyntheticMedia.transportWideSequence(connection.transportSequence++ & 0xFFFF));
    if (mid != null) {
      ext.add(SyntheticMedia.mid(mid));
    }
    if (source.rid() != null) {
      ext.add(SyntheticMedia.rid(source.rid())); // RFC 8852: how the SFU tells encodings apart
    }
    RtpFields header =
        new RtpFields(marker, payloadType, sequence, timestamp, source.ssrc(), List.of(), ext);
    sequence = (sequence + 1) & 0xFFFF;
    int n = counter++;
    long now = System.nanoTime();
    Stamp.write(payload, now, source.ssrc(), n);
    boolean ok = connection.peer.sendRtp(header, payload);
    if (ok && window != null && window.contains(now)) {
      sentInWindow++; // one writing thread: the sender's
    }
    return ok;
  }

  /** Opaque bytes (random once per stream: payloads are encrypted in real life). */
  private byte[] payload(int length) {
    byte[] p = new byte[length];
    System.arraycopy(noise, 0, p, 0, Math.min(length, noise.length));
    return p;
  }
}
