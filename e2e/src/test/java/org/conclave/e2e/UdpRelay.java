package org.conclave.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the network between the browsers and the media server, on loopback: it listens on
 * the address the server announces and forwards each browser's datagrams to the server from a
 * socket of its own per browser address, as a NAT does. A test can cut the path ({@link #cut()})
 * and bring it back through new sockets ({@link #restoreFromNewAddresses()}), so the server then
 * sees every browser arrive from a new address: what a laptop moving from Wi-Fi to a phone's
 * connection looks like to a server. It can also make the path a bad one ({@link #impair}): lose a
 * share of the datagrams and delay each by a random time, in both directions, as tc netem would; or
 * narrow each browser's downlink ({@link #limitDownlinks}) to a rate with a bounded queue, as a
 * slow access link (tc tbf) would.
 */
final class UdpRelay implements AutoCloseable {

  private final DatagramSocket front;
  private final InetSocketAddress server;
  private final Map<SocketAddress, DatagramSocket> upstream = new ConcurrentHashMap<>();
  private volatile boolean cut;
  private volatile boolean closed;
  private volatile double loss;
  private volatile long jitterMicros;
  private final Random random = new Random(7);
  private volatile long downlinkBitsPerSecond; // 0: unlimited
  private volatile long downlinkQueueNanos;
  private final Map<SocketAddress, long[]> downlinkFree = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong downlinkDropped =
      new java.util.concurrent.atomic.AtomicLong();
  private final ScheduledExecutorService delayed =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "udp-relay-delay");
            t.setDaemon(true);
            return t;
          });

  /** Listens on {@code listen} and relays to {@code server}. */
  UdpRelay(InetSocketAddress listen, InetSocketAddress server) {
    this.server = server;
    try {
      this.front = new DatagramSocket(listen);
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    Thread t = new Thread(this::fromBrowsers, "udp-relay-front");
    t.setDaemon(true);
    t.start();
  }

  /**
   * From now on loses {@code lossShare} of the datagrams in each direction, and delays each of the
   * others by a random time from 0 to {@code jitter} (so they also arrive out of order).
   */
  void impair(double lossShare, java.time.Duration jitter) {
    this.loss = lossShare;
    this.jitterMicros = jitter.toNanos() / 1000;
  }

  /**
   * From now on each browser's downlink (server to browser, per browser address) carries at most
   * {@code bitsPerSecond}: datagrams wait their turn in a queue of at most {@code queue} and are
   * dropped when it is full.
   */
  void limitDownlinks(long bitsPerSecond, java.time.Duration queue) {
    downlinkQueueNanos = queue.toNanos();
    downlinkBitsPerSecond = bitsPerSecond;
  }

  /** Lifts {@link #limitDownlinks}. */
  void unlimitDownlinks() {
    downlinkBitsPerSecond = 0;
  }

  /** Datagrams the downlink limit dropped. */
  long downlinkDropped() {
    return downlinkDropped.get();
  }

  /** Drops everything in both directions from now on. */
  void cut() {
    cut = true;
  }

  /** Forwards again, each browser through a new socket: the server sees new source addresses. */
  void restoreFromNewAddresses() {
    upstream.values().forEach(DatagramSocket::close);
    upstream.clear();
    cut = false;
  }

  private void fromBrowsers() {
    byte[] buf = new byte[2048];
    while (!closed) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        front.receive(p);
        if (cut) {
          continue;
        }
        SocketAddress browser = p.getSocketAddress();
        DatagramSocket out = upstream.computeIfAbsent(browser, this::openUpstream);
        pass(out, new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), server));
      } catch (IOException e) {
        // A socket closed by restoreFromNewAddresses or close: the next datagram opens a new one.
      }
    }
  }

  private DatagramSocket openUpstream(SocketAddress browser) {
    try {
      DatagramSocket s = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
      Thread t = new Thread(() -> fromServer(s, browser), "udp-relay-" + s.getLocalPort());
      t.setDaemon(true);
      t.start();
      return s;
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void fromServer(DatagramSocket s, SocketAddress browser) {
    byte[] buf = new byte[2048];
    while (!closed && !s.isClosed()) {
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      try {
        s.receive(p);
        if (!cut) {
          DatagramPacket out =
              new DatagramPacket(p.getData(), p.getOffset(), p.getLength(), browser);
          if (downlinkBitsPerSecond > 0) {
            limited(out, browser);
          } else {
            pass(front, out);
          }
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Sends {@code p} to {@code browser} when the limited link has sent what is ahead of it. */
  private void limited(DatagramPacket p, SocketAddress browser) {
    long rate = downlinkBitsPerSecond;
    long now = System.nanoTime();
    long[] free = downlinkFree.computeIfAbsent(browser, k -> new long[] {now});
    long departure;
    synchronized (free) {
      long start = Math.max(now, free[0]);
      if (start - now > downlinkQueueNanos) {
        downlinkDropped.incrementAndGet();
        return;
      }
      departure = start + (p.getLength() + 28) * 8L * 1_000_000_000L / rate; // with IP and UDP
      free[0] = departure;
    }
    byte[] copy =
        java.util.Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
    DatagramPacket later = new DatagramPacket(copy, copy.length, browser);
    delayed.schedule(
        () -> {
          try {
            front.send(later);
          } catch (IOException e) {
            // closed meanwhile
          }
        },
        departure - now,
        TimeUnit.NANOSECONDS);
  }

  /** Sends {@code p} from {@code via}, unless the impaired path loses or delays it. */
  private void pass(DatagramSocket via, DatagramPacket p) throws IOException {
    double share = loss;
    long jitter = jitterMicros;
    if (share <= 0 && jitter <= 0) {
      via.send(p);
      return;
    }
    long delay;
    synchronized (random) {
      if (random.nextDouble() < share) {
        return;
      }
      delay = jitter > 0 ? (long) (random.nextDouble() * jitter) : 0;
    }
    byte[] copy =
        java.util.Arrays.copyOfRange(p.getData(), p.getOffset(), p.getOffset() + p.getLength());
    DatagramPacket later = new DatagramPacket(copy, copy.length, p.getSocketAddress());
    delayed.schedule(
        () -> {
          try {
            via.send(later);
          } catch (IOException e) {
            // the socket was closed meanwhile: the datagram is lost, as on a real path
          }
        },
        delay,
        TimeUnit.MICROSECONDS);
  }

  @Override
  public void close() {
    closed = true;
    delayed.shutdownNow();
    front.close();
    upstream.values().forEach(DatagramSocket::close);
  }
}
