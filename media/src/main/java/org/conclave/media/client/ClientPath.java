package org.conclave.media.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ClientPeer}'s socket towards the node's media port: a UDP socket, or an ICE-TCP
 * connection (RFC 6544, active side) whose packets are RFC 4571 frames (a 16-bit length, then the
 * packet). Reading happens on the peer's thread; {@link #send} on any thread that holds the peer's
 * send lock, so frames never interleave.
 */
final class ClientPath implements AutoCloseable {

  /** Where whole packets from the node go, on the peer's thread; the buffer is reused after. */
  interface Receiver {
    void onPacket(byte[] buf, int off, int len);
  }

  static final int MAX_PACKET = 0xFFFF;

  private final ClientOptions.Transport transport;
  private final DatagramChannel udp;
  private final ByteBuffer in = ByteBuffer.allocate(2 + MAX_PACKET);
  private volatile SocketChannel tcp;
  private volatile InetSocketAddress remote;
  private long foreign;

  /** Binds the UDP socket now and registers it with {@code selector}; ICE-TCP waits for open. */
  ClientPath(ClientOptions options, Selector selector) throws IOException {
    this.transport = options.transport();
    if (transport == ClientOptions.Transport.UDP) {
      udp = DatagramChannel.open();
      udp.bind(new InetSocketAddress(options.bindAddress(), 0));
      udp.configureBlocking(false);
      udp.register(selector, SelectionKey.OP_READ);
    } else {
      udp = null;
    }
  }

  /** Where packets go (UDP), or where to connect (ICE-TCP; takes effect on {@link #open}). */
  void setRemote(InetSocketAddress address) {
    remote = address;
  }

  /** Opens the ICE-TCP connection to the remote address (peer's thread). No-op for UDP. */
  void open(ClientOptions options, Selector selector) throws IOException {
    if (udp != null || tcp != null) {
      return;
    }
    SocketChannel c = SocketChannel.open();
    try {
      c.bind(new InetSocketAddress(options.bindAddress(), 0));
      c.socket().setTcpNoDelay(true);
      c.connect(remote);
      c.configureBlocking(false);
      c.register(selector, SelectionKey.OP_READ);
    } catch (IOException e) {
      c.close();
      throw e;
    }
    tcp = c;
  }

  /**
   * Reads what the socket has and hands each packet (datagram or frame) from the node to {@code
   * receiver}; datagrams from anywhere else are dropped and counted ({@link #foreign}).
   *
   * @throws IOException when the socket failed or the ICE-TCP connection ended
   */
  void read(Receiver receiver) throws IOException {
    if (udp != null) {
      for (int i = 0; i < 64; i++) {
        in.clear();
        SocketAddress from = udp.receive(in);
        if (from == null) {
          return;
        }
        if (from.equals(remote)) {
          receiver.onPacket(in.array(), 0, in.position());
        } else {
          foreign++;
        }
      }
      return;
    }
    SocketChannel c = tcp;
    if (c == null) {
      return;
    }
    if (c.read(in) < 0) {
      throw new IOException("the node closed the ICE-TCP connection");
    }
    in.flip();
    while (in.remaining() >= 2) {
      int length = in.getShort(in.position()) & 0xFFFF; // RFC 4571 §2
      if (in.remaining() < 2 + length) {
        break;
      }
      int start = in.position() + 2;
      in.position(start + length);
      receiver.onPacket(in.array(), start, length);
    }
    in.compact();
  }

  /** Datagrams dropped for coming from somewhere other than the node. Peer's thread. */
  long foreign() {
    return foreign;
  }

  /**
   * Sends one packet (one RFC 4571 frame on ICE-TCP). The caller holds the peer's send lock.
   *
   * @return false when there is no path yet
   * @throws IOException when the socket refused
   */
  boolean send(byte[] buf, int off, int len) throws IOException {
    if (udp != null) {
      InetSocketAddress to = remote;
      // Non-blocking: all or nothing (0 when the socket buffer is full, or for an empty datagram).
      return to != null && (udp.send(ByteBuffer.wrap(buf, off, len), to) > 0 || len == 0);
    }
    SocketChannel c = tcp;
    if (c == null || len > MAX_PACKET) {
      return false;
    }
    ByteBuffer frame = ByteBuffer.allocate(2 + len).putShort((short) len).put(buf, off, len);
    frame.flip();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (frame.hasRemaining()) {
      if (c.write(frame) == 0) {
        if (System.nanoTime() - deadline > 0) {
          throw new IOException("the node has not read for 2 s");
        }
        Thread.onSpinWait();
      }
    }
    return true;
  }

  /** The socket's local address, or null before the ICE-TCP connection opened. */
  InetSocketAddress localAddress() {
    try {
      SocketChannel c = tcp;
      SocketAddress a =
          udp != null ? udp.getLocalAddress() : c == null ? null : c.getLocalAddress();
      return (InetSocketAddress) a;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() {
    for (AutoCloseable c : new AutoCloseable[] {udp, tcp}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // Closing anyway.
        }
      }
    }
  }
}
