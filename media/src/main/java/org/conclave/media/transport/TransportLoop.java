package org.conclave.media.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The media node's one transport loop: it owns the UDP socket, the ICE-TCP listening socket and its
 * connections, and the one thread that reads them, runs the timers and runs tasks posted from other
 * threads. Everything the SFU keeps per room and per peer is touched only on this thread, so the
 * packet path has no locks.
 *
 * <p>Received datagrams go to the {@link PacketReceiver} in the loop's own buffer. Sending happens
 * on this thread too ({@link #send}); other threads post a task with {@link #execute}.
 *
 * <p>Nothing a peer sends can stop the loop: every exception from the receiver, a task or a timer
 * is caught, counted ({@link TransportCounters}) and logged at most once a second.
 */
public final class TransportLoop implements AutoCloseable {

  /**
   * Largest datagram read; anything longer is truncated by the OS and dropped here as oversized.
   */
  public static final int MAX_DATAGRAM = 1500;

  /** An unbound ICE-TCP connection is closed after this long without a valid ICE check. */
  static final long TCP_UNBOUND_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static final System.Logger LOG = System.getLogger(TransportLoop.class.getName());

  /** A task run on the loop's thread at a given time, once or periodically; cancellable. */
  public static final class Timer implements Comparable<Timer> {
    private long atNanos;
    private final long periodNanos;
    private final Runnable task;
    private volatile boolean cancelled;

    private Timer(long atNanos, long periodNanos, Runnable task) {
      this.atNanos = atNanos;
      this.periodNanos = periodNanos;
      this.task = task;
    }

    public void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Timer other) {
      return Long.compare(atNanos, other.atNanos);
    }
  }

  private final TransportSettings settings;
  private final PacketReceiver receiver;
  private final LongSupplier nanoClock;
  private final TransportCounters counters = new TransportCounters();
  private long receivedNanos;
  private final Selector selector;
  private final DatagramChannel udp;
  private final ServerSocketChannel tcpServer;
  private final InetSocketAddress localAddress;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private final List<TcpConnection> tcpConnections = new ArrayList<>();
  private final ByteBuffer receiveBuffer = ByteBuffer.allocate(MAX_DATAGRAM + 1);
  private final ByteBuffer sendBuffer = ByteBuffer.allocate(TcpConnection.MAX_FRAME);
  private final Consumer<SelectionKey> onReady = this::onReady;
  private final Thread thread;
  private volatile boolean running = true;
  private long lastErrorLogNanos;

  /**
   * Binds the sockets (UDP, and TCP when enabled, on the same port number) and starts the thread.
   *
   * @throws UncheckedIOException when the port cannot be bound, with the address in the message
   */
  public TransportLoop(
      TransportSettings settings, PacketReceiver receiver, LongSupplier nanoClock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.receiver = Objects.requireNonNull(receiver, "receiver");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    InetSocketAddress wanted = new InetSocketAddress(settings.bindAddress(), settings.port());
    Selector sel = null;
    DatagramChannel dc = null;
    ServerSocketChannel ssc = null;
    try {
      sel = Selector.open();
      InetSocketAddress bound = null;
      // With port 0 the kernel picks a free UDP port, whose number a TCP socket elsewhere may hold:
      // then another free UDP port is tried, a few times.
      for (int attempt = 1; bound == null; attempt++) {
        dc = DatagramChannel.open();
        dc.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
        dc.setOption(StandardSocketOptions.SO_SNDBUF, 4 * 1024 * 1024);
        dc.bind(wanted);
        InetSocketAddress udpBound = (InetSocketAddress) dc.getLocalAddress();
        if (settings.tcp()) {
          ssc = ServerSocketChannel.open();
          ssc.setOption(StandardSocketOptions.SO_REUSEADDR, true);
          try {
            ssc.bind(new InetSocketAddress(settings.bindAddress(), udpBound.getPort()), 64);
          } catch (java.net.BindException e) {
            if (settings.port() != 0 || attempt >= 10) {
              throw e;
            }
            closeQuietly(ssc);
            closeQuietly(dc);
            ssc = null;
            dc = null;
            continue;
          }
        }
        bound = udpBound;
      }
      dc.configureBlocking(false);
      dc.register(sel, SelectionKey.OP_READ);
      if (ssc != null) {
        ssc.configureBlocking(false);
        ssc.register(sel, SelectionKey.OP_ACCEPT);
      }
      this.localAddress = bound;
    } catch (IOException e) {
      closeQuietly(ssc);
      closeQuietly(dc);
      closeQuietly(sel);
      throw new UncheckedIOException(
          "could not open the media port "
              + wanted
              + " (UDP"
              + (settings.tcp() ? " and TCP" : "")
              + "): "
              + e.getMessage()
              + "; choose a free port with conclave.media.port",
          e);
    }
    this.selector = sel;
    this.udp = dc;
    this.tcpServer = ssc;
    this.thread = new Thread(this::run, "conclave-media-loop");
    thread.setDaemon(true);
    thread.start();
  }

  /** The bound UDP address (its port is the ICE-TCP port too). */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  public TransportSettings settings() {
    return settings;
  }

  public TransportCounters counters() {
    return counters;
  }

  public long nanoTime() {
    return nanoClock.getAsLong();
  }

  /**
   * When the datagram (or ICE-TCP read) being handled was taken from its socket, on the loop's
   * clock: a packet's arrival time for jitter, transport-wide feedback and the node's transit time
   * (arrival to send). Loop thread only; meaningful while a packet handler runs.
   */
  public long receivedNanos() {
    return receivedNanos;
  }

  /** Whether the calling thread is the loop's. */
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  /** Runs {@code task} on the loop's thread soon. Any thread. Ignored after close. */
  public void execute(Runnable task) {
    if (!running) {
      return;
    }
    tasks.add(task);
    selector.wakeup();
  }

  /**
   * Runs {@code task} on the loop's thread and waits for its result (directly when already on it).
   *
   * @throws IllegalStateException when the loop is closed or the task takes longer than the timeout
   */
  public <T> T call(Callable<T> task, long timeoutMillis) throws Exception {
    if (inLoop()) {
      return task.call();
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    execute(
        () -> {
          try {
            result.complete(task.call());
          } catch (Throwable t) {
            result.completeExceptionally(t);
          }
        });
    try {
      return result.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new IllegalStateException("the media loop did not answer in " + timeoutMillis + " ms");
    }
  }

  /** Runs {@code task} once after {@code delayNanos}. Loop thread only. */
  public Timer schedule(long delayNanos, Runnable task) {
    Timer t = new Timer(nanoClock.getAsLong() + delayNanos, 0, task);
    timers.add(t);
    return t;
  }

  /** Runs {@code task} every {@code periodNanos}, first after one period. Loop thread only. */
  public Timer every(long periodNanos, Runnable task) {
    Timer t = new Timer(nanoClock.getAsLong() + periodNanos, periodNanos, task);
    timers.add(t);
    return t;
  }

  /**
   * Sends one packet on a path a {@link PacketReceiver} was given. Loop thread only. Failures are
   * counted, never thrown: a peer that went away is found by consent freshness, not by send errors.
   */
  public void send(Object path, byte[] buf, int off, int len) {
    if (path instanceof InetSocketAddress address) {
      if (len > sendBuffer.capacity()) {
        counters.sendFailures.increment();
        return;
      }
      sendBuffer.clear();
      sendBuffer.put(buf, off, len).flip();
      try {
        if (udp.send(sendBuffer, address) == 0) {
          counters.sendFailures.increment();
        } else {
          counters.sent(len);
        }
      } catch (IOException | RuntimeException e) {
        counters.sendFailures.increment();
      }
    } else if (path instanceof TcpConnection connection) {
      connection.send(buf, off, len, counters);
    } else {
      counters.sendFailures.increment();
    }
  }

  /** Closes an ICE-TCP connection (a peer that went away). Loop thread only. */
  public void closePath(Object path) {
    if (path instanceof TcpConnection connection && connection.isOpen()) {
      connection.close();
      tcpConnections.remove(connection);
      deliverClosed(connection);
    }
  }

  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    selector.wakeup();
    if (!inLoop()) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (running) {
        long wait = runDueTimers();
        // The action form of select: unlike selectedKeys(), it adds no entry to a set and needs no
        // iterator, so a wake-up allocates nothing.
        selector.select(onReady, wait <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
        runTasks();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "media transport loop stopped", e);
    } finally {
      for (TcpConnection c : List.copyOf(tcpConnections)) {
        c.close();
      }
      tcpConnections.clear();
      closeQuietly(tcpServer);
      closeQuietly(udp);
      closeQuietly(selector);
      tasks.clear();
      timers.clear();
    }
  }

  /** One ready channel, from {@link Selector#select(Consumer, long)}. */
  private void onReady(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    try {
      if (key.channel() == udp) {
        readUdp();
      } else if (key.channel() == tcpServer) {
        accept();
      } else if (key.attachment() instanceof TcpConnection connection) {
        serviceTcp(key, connection);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // stops the loop, as an IOException from select does
    }
  }

  /** Runs timers that are due; returns nanoseconds until the next one, or 0 for none. */
  private long runDueTimers() {
    long now = nanoClock.getAsLong();
    while (!timers.isEmpty()) {
      Timer next = timers.peek();
      if (next.cancelled) {
        timers.poll();
        continue;
      }
      if (next.atNanos - now > 0) {
        return next.atNanos - now;
      }
      timers.poll();
      guarded(next.task);
      if (next.periodNanos > 0 && !next.cancelled) {
        next.atNanos = Math.max(next.atNanos + next.periodNanos, now);
        timers.add(next);
      }
      now = nanoClock.getAsLong();
    }
    return 0;
  }

  private void runTasks() {
    Runnable task;
    while ((task = tasks.poll()) != null) {
      guarded(task);
    }
  }

  private void guarded(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      handlerError(e);
    }
  }

  private void readUdp() throws IOException {
    // Bounded so a flood on UDP cannot starve TCP, timers and tasks.
    for (int i = 0; i < 256; i++) {
      receiveBuffer.clear();
      SocketAddress from;
      try {
        from = udp.receive(receiveBuffer);
      } catch (IOException e) {
        // ICMP errors surface here on some systems; they concern one peer, not the loop.
        counters.sendFailures.increment();
        continue;
      }
      if (from == null) {
        return;
      }
      receivedNanos = nanoClock.getAsLong();
      int len = receiveBuffer.position();
      if (len > MAX_DATAGRAM) {
        counters.oversized.increment();
        continue;
      }
      counters.received(len);
      deliver(receiver, from, receiveBuffer.array(), 0, len, counters);
    }
  }

  static void deliver(
      PacketReceiver receiver,
      Object path,
      byte[] buf,
      int off,
      int len,
      TransportCounters counters) {
    try {
      receiver.onPacket(path, buf, off, len);
    } catch (RuntimeException e) {
      counters.handlerErrors.increment();
      LOG.log(System.Logger.Level.DEBUG, "a packet handler failed", e);
    }
  }

  private void accept() throws IOException {
    SocketChannel channel;
    while ((channel = tcpServer.accept()) != null) {
      if (tcpConnections.size() >= settings.maxTcpConnections()) {
        counters.tcpRefused.increment();
        closeQuietly(channel);
        continue;
      }
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
      TcpConnection connection =
          new TcpConnection(channel, key, channel.getRemoteAddress(), nanoClock.getAsLong());
      key.attach(connection);
      tcpConnections.add(connection);
      counters.tcpAccepted.increment();
      schedule(
          TCP_UNBOUND_TIMEOUT_NANOS,
          () -> {
            if (connection.isOpen() && !connection.isBound()) {
              counters.tcpIdleClosed.increment();
              closePath(connection);
            }
          });
    }
  }

  private void serviceTcp(SelectionKey key, TcpConnection connection) {
    boolean keep = true;
    if (key.isReadable()) {
      receivedNanos = nanoClock.getAsLong();
      keep = connection.read(receiver, counters);
    }
    if (keep && key.isValid() && key.isWritable()) {
      keep = connection.flush();
    }
    if (!keep) {
      closePath(connection);
    }
  }

  private void deliverClosed(TcpConnection connection) {
    try {
      receiver.onPathClosed(connection);
    } catch (RuntimeException e) {
      handlerError(e);
    }
  }

  private void handlerError(RuntimeException e) {
    counters.handlerErrors.increment();
    long now = nanoClock.getAsLong();
    if (now - lastErrorLogNanos > TimeUnit.SECONDS.toNanos(1)) {
      lastErrorLogNanos = now;
      LOG.log(System.Logger.Level.WARNING, "a media task failed (counted, loop continues)", e);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        // Nothing more to do.
      }
    }
  }
}
