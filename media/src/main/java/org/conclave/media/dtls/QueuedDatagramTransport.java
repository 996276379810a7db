package org.conclave.media.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * Adapts BouncyCastle's blocking {@link DatagramTransport} to bytes pushed in by {@link
 * DtlsStack#receive} and pulled out through a {@link DatagramSink}. No socket, no thread.
 *
 * <p>Two modes. While handshaking, {@link #receive} blocks the handshake thread on a bounded queue
 * until a datagram, the handshake deadline or {@link #close()}. Once connected ({@link
 * #stopBlocking()}), {@link #receive} never waits: with nothing queued it throws {@link
 * NothingQueued}, which BouncyCastle passes through untouched, so the caller's thread processes
 * what is queued and returns at once.
 */
final class QueuedDatagramTransport implements DatagramTransport {

  /** Largest datagram accepted: an Ethernet MTU. Browsers keep DTLS datagrams under ~1200 bytes. */
  static final int RECEIVE_LIMIT = 1500;

  /** Largest datagram sent; BouncyCastle fragments handshake messages to fit (RFC 6347 §4.2.3). */
  static final int SEND_LIMIT = 1200;

  /** Longest single wait, so a deadline moved by an injected clock is noticed soon. */
  private static final long MAX_SLEEP_MILLIS = 200;

  /** Thrown by a non-blocking receive with an empty queue. Never seen outside this package. */
  static final class NothingQueued extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    NothingQueued() {
      super("no datagram queued");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // thrown per drained batch: skip the stack walk
    }
  }

  /** Offer outcomes, so the stack can count drops by reason. */
  enum Offer {
    QUEUED,
    FULL,
    CLOSED
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<byte[]> queue;
  private final int capacity;
  private final DatagramSink sink;
  private final InstantSource clock;
  private final LongAdder sent;
  private final LongAdder sendFailures;

  private boolean closed;
  private boolean blocking = true;
  private long deadlineMillis = Long.MAX_VALUE;

  QueuedDatagramTransport(
      int capacity,
      DatagramSink sink,
      InstantSource clock,
      LongAdder sent,
      LongAdder sendFailures) {
    this.capacity = capacity;
    this.queue = new ArrayDeque<>(capacity);
    this.sink = sink;
    this.clock = clock;
    this.sent = sent;
    this.sendFailures = sendFailures;
  }

  /** Queues a datagram the caller no longer touches. */
  Offer offer(byte[] datagram) {
    lock.lock();
    try {
      if (closed) {
        return Offer.CLOSED;
      }
      if (queue.size() >= capacity) {
        return Offer.FULL;
      }
      queue.addLast(datagram);
      changed.signalAll();
      return Offer.QUEUED;
    } finally {
      lock.unlock();
    }
  }

  /** From now on a blocking receive fails with a timeout once {@code clock} passes this. */
  void setDeadline(long epochMillis) {
    lock.lock();
    try {
      deadlineMillis = epochMillis;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** After the handshake: receive never waits. */
  void stopBlocking() {
    lock.lock();
    try {
      blocking = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean hasQueued() {
    lock.lock();
    try {
      return !queue.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int getReceiveLimit() {
    return RECEIVE_LIMIT;
  }

  @Override
  public int getSendLimit() {
    return SEND_LIMIT;
  }

  /**
   * BouncyCastle's read. {@code waitMillis} 0 means "until something happens" (socket timeout
   * semantics). Returns the datagram's length; a datagram larger than {@code len} is dropped.
   */
  @Override
  public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
    lock.lock();
    try {
      // BouncyCastle's retransmission timer runs on real elapsed time; the handshake deadline on
      // the injected clock, so a test can move it.
      long waitUntilNanos = waitMillis > 0 ? System.nanoTime() + waitMillis * 1_000_000L : 0;
      while (true) {
        if (closed) {
          throw new IOException("DTLS transport closed");
        }
        byte[] datagram = queue.pollFirst();
        if (datagram != null) {
          if (datagram.length > len) {
            continue; // cannot happen with our limits; never hand BouncyCastle a truncated record
          }
          System.arraycopy(datagram, 0, buf, off, datagram.length);
          return datagram.length;
        }
        if (!blocking) {
          throw new NothingQueued();
        }
        long untilDeadline = deadlineMillis - clock.millis();
        if (untilDeadline <= 0) {
          throw new TlsTimeoutException("DTLS handshake deadline passed");
        }
        long sleepNanos = TimeUnit.MILLISECONDS.toNanos(Math.min(untilDeadline, MAX_SLEEP_MILLIS));
        if (waitUntilNanos != 0) {
          long untilTimer = waitUntilNanos - System.nanoTime();
          if (untilTimer <= 0) {
            return -1; // BouncyCastle's retransmission timer fired (RFC 6347 §4.2.4)
          }
          sleepNanos = Math.min(sleepNanos, untilTimer);
        }
        changed.awaitNanos(sleepNanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a DTLS datagram");
    } finally {
      lock.unlock();
    }
  }

  /** BouncyCastle's write: a copy goes to the sink, unless closed. Sink failures are counted. */
  @Override
  public void send(byte[] buf, int off, int len) {
    if (isClosed()) {
      return;
    }
    byte[] datagram = new byte[len];
    System.arraycopy(buf, off, datagram, 0, len);
    try {
      sink.send(datagram);
      sent.increment();
    } catch (RuntimeException e) {
      // A datagram transport may lose datagrams; DTLS retransmits (RFC 6347 §4.2.4).
      sendFailures.increment();
    }
  }

  /** Wakes a waiting handshake thread; later receives fail and sends are dropped. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      queue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
