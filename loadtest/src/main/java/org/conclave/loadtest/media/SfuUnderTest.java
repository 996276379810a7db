package org.conclave.loadtest.media;

import java.util.List;
import java.util.function.Consumer;
import org.conclave.media.client.ClientOptions;
import org.conclave.media.client.ClientPeer;
import org.conclave.media.client.ReceivedRtp;
import org.conclave.media.client.Source;

/**
 * An SFU the media scenarios drive: ours in its own JVM process ({@link ConclaveSfu}), or Janus
 * ({@code JanusSfu}). The scenario engine ({@link MediaScenario}) only talks to this interface: it
 * opens rooms, publishes and subscribes with {@link ClientPeer}s made with {@link #clientOptions},
 * sends the traffic itself on each {@link Publisher#peer()}, and reads the SFU process's CPU time
 * from {@code /proc/<pid>/stat}.
 *
 * <p>Calls come from one thread (the scenario's) at a time; implementations need not be
 * thread-safe, but their own background threads (signaling) are theirs to manage.
 */
public interface SfuUnderTest extends AutoCloseable {

  /** "conclave" or "janus": the name in the table. */
  String name();

  /** The SFU's OS process: its CPU time is read from {@code /proc/<pid>/stat} (utime + stime). */
  long pid();

  /** Makes a room (idempotent). */
  void openRoom(String room) throws Exception;

  /**
   * A connected publisher sending nothing yet: the offer for {@code sources} made by a new {@link
   * ClientPeer}, the SFU's answer applied, ICE/DTLS done. Returns once the SFU accepts media on it;
   * the caller sends (and answers keyframe requests) itself.
   */
  Publisher publish(String room, String participant, List<Source> sources) throws Exception;

  /**
   * A connected subscriber receiving every publisher now in the room (the participant may also be a
   * publisher: it does not receive its own sources). {@code onRtp} is installed before the peer
   * connects, so it sees the very first forwarded packet (on the peer's thread: return quickly).
   * Offers the SFU makes later (renegotiation) are answered by the implementation.
   */
  ClientPeer subscribe(String room, String participant, Consumer<ReceivedRtp> onRtp)
      throws Exception;

  /**
   * Bytes the SFU has allocated on the heap in its forwarding thread(s) since it started, or -1
   * when unknown (Janus, a C program).
   */
  long allocatedBytes();

  /**
   * Forwarded packets' time inside the SFU (datagram read to copy sent) since the previous call, as
   * the SFU itself measures it; {@link SfuControl.Transit#UNKNOWN} when it cannot tell (Janus
   * reports no such figure).
   */
  default SfuControl.Transit transitSinceLastCall() {
    return SfuControl.Transit.UNKNOWN;
  }

  /** Stops the SFU process and closes every peer this SFU made. */
  @Override
  void close();

  /**
   * The options every peer of a benchmark uses: UDP on 127.0.0.1, no receive queue (the listener
   * and counters only).
   */
  static ClientOptions clientOptions(String label) {
    return ClientOptions.loopback().withQueueCapacity(0).withLabel(label);
  }

  /** A publish connection the scenario sends on: the peer and the sources its offer announced. */
  record Publisher(String participant, ClientPeer peer, List<Source> sources) {
    public Publisher {
      sources = List.copyOf(sources);
    }
  }
}
