package org.conclave.media.testpeer;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The libwebrtc of this JVM: its peer-connection factories, made on first use, and everything made
 * from them that is still open, so that {@link #shutdown()} can tear it all down in an order
 * libwebrtc survives. Native threads keep the JVM alive until the factories are disposed.
 *
 * <p><b>Two factories, one per direction.</b> A factory's audio device module decides how audio
 * flows, and in webrtc-java 0.14.0 no single module serves both directions:
 *
 * <ul>
 *   <li>Subscribers need a module whose playout thread pulls received audio out of the jitter
 *       buffers every 10 ms; without it nothing is decoded and {@code totalSamplesReceived} stays
 *       0. {@link HeadlessAudioDeviceModule} does that without a sound card.
 *   <li>Publishers push synthetic PCM through a {@code CustomAudioSource}. But as soon as an audio
 *       send stream starts, libwebrtc also starts the module's recording, and the headless module's
 *       capture thread then feeds the same send stream: two threads in {@code
 *       AudioSendStream::SendAudioData}, and libwebrtc aborts the JVM ({@code Check failed:
 *       !race_checker.RaceDetected()}; webrtc-java issues 118 and 217, fixed upstream after
 *       0.14.0). The dummy audio layer cannot record at all, so the pushed audio is the only feed.
 * </ul>
 *
 * Conclave's signaling gives every participant a publish and a subscribe connection (one direction
 * each), so a peer never needs both.
 *
 * <p>All methods are thread-safe (one lock, the class).
 */
final class NativeWebRtc {

  private static NativeWebRtc current;

  private final AudioDeviceModule silentAudio;
  private final PeerConnectionFactory publishing;
  private final HeadlessAudioDeviceModule playoutAudio;
  private final PeerConnectionFactory subscribing;
  private final Set<WebRtcPeer> peers = new LinkedHashSet<>();
  private final Set<SyntheticMedia> media = new LinkedHashSet<>();

  private NativeWebRtc() {
    silentAudio = new AudioDeviceModule(AudioLayer.kDummyAudio);
    publishing = new PeerConnectionFactory(silentAudio);
    playoutAudio = new HeadlessAudioDeviceModule();
    subscribing = new PeerConnectionFactory(playoutAudio);
  }

  /**
   * The factories, made on the first call after start or {@link #shutdown()}.
   *
   * @throws IllegalStateException when this JVM is not in a loopback-only network namespace ({@link
   *     LoopbackNamespace}): outside one, libwebrtc would use the machine's real network
   */
  static synchronized NativeWebRtc get() {
    if (current == null) {
      LoopbackNamespace.problem()
          .ifPresent(
              problem -> {
                throw new IllegalStateException(
                    "refusing to start libwebrtc: " + problem + " (docs/media-testing.md)");
              });
      current = new NativeWebRtc();
    }
    return current;
  }

  /** For publishing peers and their {@link SyntheticMedia}: audio only from pushed PCM. */
  PeerConnectionFactory publishing() {
    return publishing;
  }

  /** For subscribing peers: received audio is pulled (played out to nowhere) every 10 ms. */
  PeerConnectionFactory subscribing() {
    return subscribing;
  }

  static synchronized void opened(WebRtcPeer peer) {
    get().peers.add(peer);
  }

  static synchronized void opened(SyntheticMedia m) {
    get().media.add(m);
  }

  static synchronized void closed(WebRtcPeer peer) {
    if (current != null) {
      current.peers.remove(peer);
    }
  }

  static synchronized void closed(SyntheticMedia m) {
    if (current != null) {
      current.media.remove(m);
    }
  }

  /**
   * Closes every open peer, then every open {@link SyntheticMedia} (a source must outlive the
   * connections that send it), then disposes the factories and their audio modules. Does nothing
   * when nothing was made. The next {@link #get()} starts afresh.
   *
   * @throws IllegalStateException after disposing, when something could not be closed
   */
  static synchronized void shutdown() {
    NativeWebRtc n = current;
    if (n == null) {
      return;
    }
    // close() calls closed(...), which edits the sets: iterate over copies. A failure to close
    // one thing must not keep the factories alive, so it is thrown only at the end.
    List<AutoCloseable> toClose = new ArrayList<>(n.peers);
    toClose.addAll(n.media);
    RuntimeException failure = null;
    for (AutoCloseable c : toClose) {
      try {
        c.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("could not close everything libwebrtc made", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    current = null;
    n.playoutAudio.stopPlayout();
    n.publishing.dispose();
    n.subscribing.dispose();
    n.silentAudio.dispose();
    n.playoutAudio.dispose();
    if (failure != null) {
      throw failure;
    }
  }
}
