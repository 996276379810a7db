package org.conclave.media.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.conclave.media.rtcp.RtcpCompound;
import org.conclave.media.rtcp.RtcpPacket;
import org.conclave.media.rtp.RtpPacket;
import org.conclave.media.srtp.SrtpFailure;
import org.conclave.media.srtp.SrtpSession;

/**
 * What a {@link ClientPeer} does with SRTP and SRTCP from the node: unprotect, parse, hand to the
 * listener (on the peer's thread) and queue for {@code poll}. Unprotect runs only on the peer's
 * thread; polling on any.
 */
final class ClientReceiver {

  private final ClientCounters counters;
  private final int capacity;
  private final BlockingQueue<ReceivedRtp> rtp;
  private final BlockingQueue<ReceivedRtcp> rtcp;
  private volatile Consumer<ReceivedRtp> rtpListener;
  private volatile Consumer<ReceivedRtcp> rtcpListener;

  ClientReceiver(ClientCounters counters, int capacity) {
    this.counters = counters;
    this.capacity = capacity;
    this.rtp = new LinkedBlockingQueue<>(Math.max(1, capacity));
    this.rtcp = new LinkedBlockingQueue<>(Math.max(1, capacity));
  }

  /** One SRTP or SRTCP packet (RFC 7983: first byte 128-191). Peer's thread. */
  void onSrtp(SrtpSession session, byte[] buf, int off, int len) {
    long now = System.nanoTime();
    int type = len >= 2 ? buf[off + 1] & 0xFF : 0;
    if (len >= 8 && type >= 192 && type <= 223) { // RFC 5761 §4: RTCP types under rtcp-mux
      int n = session.unprotectRtcp(buf, off, len);
      List<RtcpPacket> packets = SrtpFailure.isFailure(n) ? null : RtcpCompound.parse(buf, off, n);
      if (packets == null) {
        counters.srtpFailures.increment();
        return;
      }
      counters.rtcpReceived.increment();
      deliver(rtcpListener, new ReceivedRtcp(packets, now), rtcp);
      return;
    }
    int n = session.unprotectRtp(buf, off, len);
    RtpPacket p = SrtpFailure.isFailure(n) ? null : RtpPacket.parse(buf, off, n);
    if (p == null) {
      counters.srtpFailures.increment();
      return;
    }
    counters.rtpReceived.increment();
    byte[] payload = new byte[p.payloadLength()];
    System.arraycopy(buf, p.payloadOffset(), payload, 0, payload.length);
    deliver(
        rtpListener,
        new ReceivedRtp(p.fields(), p.extensionProfile(), payload, p.paddingLength(), now),
        rtp);
  }

  private <T> void deliver(Consumer<T> listener, T item, BlockingQueue<T> queue) {
    if (listener != null) {
      try {
        listener.accept(item);
      } catch (RuntimeException e) {
        counters.listenerErrors.increment();
      }
    }
    if (capacity > 0 && !queue.offer(item)) {
      counters.queueOverflows.increment();
    }
  }

  void setRtpListener(Consumer<ReceivedRtp> listener) {
    rtpListener = listener;
  }

  void setRtcpListener(Consumer<ReceivedRtcp> listener) {
    rtcpListener = listener;
  }

  ReceivedRtp pollRtp(Duration timeout) {
    return poll(rtp, timeout);
  }

  ReceivedRtcp pollRtcp(Duration timeout) {
    return poll(rtcp, timeout);
  }

  ReceivedRtp awaitRtp(Predicate<ReceivedRtp> match, Duration timeout) {
    return await(rtp, match, timeout);
  }

  <T extends RtcpPacket> T awaitRtcp(Class<T> type, Duration timeout) {
    return awaitRtcp(type, p -> true, timeout);
  }

  <T extends RtcpPacket> T awaitRtcp(Class<T> type, Predicate<T> match, Duration timeout) {
    ReceivedRtcp c = await(rtcp, r -> r.of(type).stream().anyMatch(match), timeout);
    return c == null ? null : c.of(type).stream().filter(match).findFirst().orElseThrow();
  }

  void clear() {
    rtp.clear();
    rtcp.clear();
  }

  private static <T> T poll(BlockingQueue<T> queue, Duration timeout) {
    try {
      return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static <T> T await(BlockingQueue<T> queue, Predicate<T> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (long left = timeout.toNanos(); left > 0; left = deadline - System.nanoTime()) {
      T item = poll(queue, Duration.ofNanos(left));
      if (item != null && match.test(item)) {
        return item;
      }
    }
    return null;
  }
}
