package org.conclave.media.testpeer;

import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A synthetic microphone and camera: a 440 Hz tone (48 kHz, mono, 16-bit, at about -12 dBFS) in 10
 * ms frames, and a moving 320x240 I420 picture at 30 frames a second, pushed into libwebrtc from
 * one thread of their own. Gives an audio and a video track that any number of publishing {@link
 * WebRtcPeer}s may send; each sending connection encodes them itself (Opus, VP8).
 *
 * <p>Close it after the peers that send it (or let {@link WebRtcPeer#shutdown()} do it): it stops
 * its thread and disposes the native sources. libwebrtc wants each source fed from one thread at a
 * time, hence the single thread.
 */
public final class SyntheticMedia implements AutoCloseable {

  public static final int SAMPLE_RATE = 48_000;
  public static final int WIDTH = 320;
  public static final int HEIGHT = 240;
  public static final int FRAMES_PER_SECOND = 30;

  private static final int TONE_HZ = 440;
  private static final int TONE_AMPLITUDE = 8_000;
  private static final int SAMPLES_PER_10_MS = SAMPLE_RATE / 100;

  private final String audioTrackId;
  private final String videoTrackId;
  private final CustomAudioSource audioSource = new CustomAudioSource();
  private final CustomVideoSource videoSource = new CustomVideoSource();
  private final AudioTrack audioTrack;
  private final VideoTrack videoTrack;
  private final ScheduledExecutorService clock;
  private final byte[] pcm = new byte[SAMPLES_PER_10_MS * 2];
  private final byte[] row = new byte[WIDTH];
  private final AtomicLong audioFrames = new AtomicLong();
  private final AtomicLong videoFrames = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Throwable failure;

  private SyntheticMedia(String name, NativeWebRtc webRtc) {
    audioTrackId = name + "-audio";
    videoTrackId = name + "-video";
    audioTrack = webRtc.publishing().createAudioTrack(audioTrackId, audioSource);
    videoTrack = webRtc.publishing().createVideoTrack(videoTrackId, videoSource);
    clock =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "synthetic-media-" + name);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts pushing audio and video at once (before any peer sends it, frames are dropped).
   *
   * @param name names the tracks ({@code name-audio}, {@code name-video}); unique per peer
   * @throws IllegalStateException outside a loopback-only network namespace
   */
  public static SyntheticMedia start(String name) {
    SyntheticMedia media = new SyntheticMedia(name, NativeWebRtc.get());
    NativeWebRtc.opened(media);
    media.clock.scheduleAtFixedRate(media::pushAudio, 0, 10, TimeUnit.MILLISECONDS);
    media.clock.scheduleAtFixedRate(
        media::pushVideo, 0, 1_000_000_000L / FRAMES_PER_SECOND, TimeUnit.NANOSECONDS);
    return media;
  }

  public String audioTrackId() {
    return audioTrackId;
  }

  public String videoTrackId() {
    return videoTrackId;
  }

  AudioTrack audioTrack() {
    return audioTrack;
  }

  VideoTrack videoTrack() {
    return videoTrack;
  }

  /** 10 ms audio frames pushed so far. */
  public long audioFramesPushed() {
    return audioFrames.get();
  }

  /** Video frames pushed so far. */
  public long videoFramesPushed() {
    return videoFrames.get();
  }

  private void pushAudio() {
    if (failure != null) {
      return;
    }
    try {
      long first = audioFrames.get() * SAMPLES_PER_10_MS;
      for (int i = 0; i < SAMPLES_PER_10_MS; i++) {
        double phase = 2 * Math.PI * TONE_HZ * ((first + i) % SAMPLE_RATE) / SAMPLE_RATE;
        short sample = (short) Math.round(TONE_AMPLITUDE * Math.sin(phase));
        // 16-bit PCM in the machine's byte order, which is little-endian on x86-64.
        pcm[2 * i] = (byte) sample;
        pcm[2 * i + 1] = (byte) (sample >> 8);
      }
      audioSource.pushAudio(pcm, 16, SAMPLE_RATE, 1, SAMPLES_PER_10_MS);
      audioFrames.incrementAndGet();
    } catch (RuntimeException | Error e) {
      failure = e;
    }
  }

  private void pushVideo() {
    if (failure != null) {
      return;
    }
    try {
      long n = videoFrames.get();
      NativeI420Buffer buffer = NativeI420Buffer.allocate(WIDTH, HEIGHT);
      drawLuma(n, buffer.getDataY(), buffer.getStrideY());
      fill(buffer.getDataU(), (byte) (128 + 40 * Math.sin(n / 20.0)));
      fill(buffer.getDataV(), (byte) (128 + 40 * Math.cos(n / 20.0)));
      VideoFrame frame = new VideoFrame(buffer, System.nanoTime());
      try {
        videoSource.pushFrame(frame);
      } finally {
        frame.release();
      }
      videoFrames.incrementAndGet();
    } catch (RuntimeException | Error e) {
      failure = e;
    }
  }

  /** Diagonal stripes scrolling right, and a white square crossing the picture once a second. */
  private void drawLuma(long n, ByteBuffer y, int stride) {
    int boxLeft = (int) (n % FRAMES_PER_SECOND * (WIDTH - 40) / FRAMES_PER_SECOND);
    for (int r = 0; r < HEIGHT; r++) {
      for (int c = 0; c < WIDTH; c++) {
        boolean inBox = r >= 100 && r < 140 && c >= boxLeft && c < boxLeft + 40;
        row[c] = inBox ? (byte) 235 : (byte) (16 + ((c + r - 4 * n) & 0x7f));
      }
      y.put(r * stride, row, 0, WIDTH);
    }
  }

  private static void fill(ByteBuffer plane, byte value) {
    for (int i = 0; i < plane.capacity(); i++) {
      plane.put(i, value);
    }
  }

  /**
   * Stops the thread and disposes the native sources. Idempotent.
   *
   * @throws IllegalStateException when pushing had failed (with that failure as its cause)
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    clock.shutdown();
    try {
      clock.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    audioSource.dispose();
    videoSource.dispose();
    NativeWebRtc.closed(this);
    if (failure != null) {
      throw new IllegalStateException("synthetic media could not push a frame", failure);
    }
  }
}
