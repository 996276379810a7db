package org.conclave.loadtest.media;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that sends every publisher's media, each stream at its own pace: due streams are
 * sent in order of their due time, then the thread parks until the next. A frame sent more than
 * {@value #LATE_MILLIS} ms after it was due counts as late: a late share of more than a few percent
 * means the generator, not the SFU, was the limit. A stream more than {@value #SKIP_MILLIS} ms
 * behind skips the frames it missed, as a stalled encoder does, rather than bursting them out.
 */
final class TrafficSender implements AutoCloseable {

  static final long LATE_MILLIS = 2;

  static final long SKIP_MILLIS = 100;

  private final PriorityQueue<OutgoingStream> due =
      new PriorityQueue<>(Comparator.comparingLong((OutgoingStream s) -> s.due));
  private final ConcurrentLinkedQueue<OutgoingStream> added = new ConcurrentLinkedQueue<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Window window;
  private volatile long framesInWindow;
  private volatile long lateInWindow;

  TrafficSender() {
    thread = new Thread(this::run, "conclave-bench-sender");
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
    thread.start();
  }

  /**
   * Starts sending {@code s} within one of its intervals (a random phase, as peers are
   * unsynchronised).
   */
  void add(OutgoingStream s) {
    s.due = System.nanoTime() + ThreadLocalRandom.current().nextLong(s.intervalNanos());
    added.add(s);
    LockSupport.unpark(thread);
  }

  /** Counts from {@code w} on: every stream's {@code sentInWindow}, frames and late frames. */
  void measure(Window w, Iterable<OutgoingStream> streams) {
    for (OutgoingStream s : streams) {
      s.sentInWindow = 0;
    }
    framesInWindow = 0;
    lateInWindow = 0;
    window = w;
  }

  /** Frames due in the window, and the share of them sent late. */
  double lateShare() {
    long frames = framesInWindow;
    return frames == 0 ? 0 : (double) lateInWindow / frames;
  }

  private void run() {
    long lateNanos = LATE_MILLIS * 1_000_000L;
    while (running) {
      OutgoingStream s;
      while ((s = added.poll()) != null) {
        due.add(s);
      }
      OutgoingStream next = due.peek();
      long now = System.nanoTime();
      if (next == null) {
        LockSupport.parkNanos(10_000_000L);
        continue;
      }
      if (next.due - now > 0) {
        LockSupport.parkNanos(next.due - now);
        continue;
      }
      due.poll();
      if (next.stopped()) {
        continue;
      }
      Window w = window;
      boolean counted = w != null && w.contains(next.due);
      if (counted) {
        framesInWindow++;
        if (now - next.due > lateNanos) {
          lateInWindow++;
        }
      }
      if (now - next.due > SKIP_MILLIS * 1_000_000L) {
        next.due = now;
      }
      try {
        next.sendFrame(now, w);
      } catch (RuntimeException e) {
        next.stop(); // e.g. its peer closed; the others go on
        continue;
      }
      due.add(next);
    }
  }

  @Override
  public void close() {
    running = false;
    LockSupport.unpark(thread);
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
