package org.conclave.media.transport;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One ICE-TCP connection (RFC 6544) on the media port: frames are RFC 4571 records, a 16-bit length
 * then the packet. Owned by the {@link TransportLoop}; every method runs on its thread. Frames
 * longer than {@link #MAX_FRAME} close the connection (no legitimate packet is that big); frames
 * longer than {@link TransportLoop#MAX_DATAGRAM} are dropped and counted as oversized, as such
 * datagrams are on UDP. When the peer reads slower than we send, up to {@link #MAX_PENDING_BYTES}
 * wait; beyond that new frames are dropped and counted, as a congested UDP path would lose them.
 */
public final class TcpConnection {

  /** Largest frame accepted or sent: a full-size datagram with room to spare. */
  public static final int MAX_FRAME = 2048;

  static final int MAX_PENDING_BYTES = 256 * 1024;

  private final SocketChannel channel;
  private final SelectionKey key;
  private final SocketAddress remote;
  private final long openedNanos;
  private final ByteBuffer in = ByteBuffer.allocate(2 + MAX_FRAME);
  private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
  private int pendingBytes;
  private boolean bound;
  private boolean closed;

  TcpConnection(SocketChannel channel, SelectionKey key, SocketAddress remote, long openedNanos) {
    this.channel = channel;
    this.key = key;
    this.remote = remote;
    this.openedNanos = openedNanos;
  }

  public SocketAddress remoteAddress() {
    return remote;
  }

  /** Whether a valid ICE check arrived on this connection (unbound connections are closed soon). */
  boolean isBound() {
    return bound;
  }

  /** Marks the connection as carrying a peer: it is no longer closed for idling unbound. */
  public void markBound() {
    bound = true;
  }

  long openedNanos() {
    return openedNanos;
  }

  public boolean isOpen() {
    return !closed;
  }

  /**
   * Reads what the socket has and hands every whole frame to {@code receiver}. Returns false when
   * the connection must close (end of stream, error, oversized frame).
   */
  boolean read(PacketReceiver receiver, TransportCounters counters) {
    try {
      int n = channel.read(in);
      if (n < 0) {
        return false;
      }
    } catch (IOException e) {
      return false;
    }
    in.flip();
    while (in.remaining() >= 2) {
      int length = ((in.get(in.position()) & 0xFF) << 8) | (in.get(in.position() + 1) & 0xFF);
      if (length > MAX_FRAME) {
        counters.tcpBadFrame.increment();
        return false;
      }
      if (in.remaining() < 2 + length) {
        break;
      }
      int start = in.position() + 2;
      in.position(start + length);
      if (length > TransportLoop.MAX_DATAGRAM) {
        // As on UDP: nothing longer than a datagram goes in; the packet path's buffers are sized
        // for that (an encrypted 1,800-byte RTP packet over ICE-TCP used to overrun them).
        counters.oversized.increment();
        continue;
      }
      counters.received(length);
      // An empty frame too, so it is counted (as not demultiplexable) like an empty datagram.
      TransportLoop.deliver(receiver, this, in.array(), start, length, counters);
    }
    in.compact();
    return true;
  }

  /** Frames and sends one packet, or queues it while the socket is busy. */
  void send(byte[] buf, int off, int len, TransportCounters counters) {
    if (closed || len > MAX_FRAME) {
      counters.sendFailures.increment();
      return;
    }
    if (pendingBytes + len + 2 > MAX_PENDING_BYTES) {
      counters.tcpBackpressureDrops.increment();
      return;
    }
    ByteBuffer frame = ByteBuffer.allocate(len + 2);
    frame.putShort((short) len).put(buf, off, len).flip();
    if (pending.isEmpty()) {
      try {
        channel.write(frame);
      } catch (IOException e) {
        counters.sendFailures.increment();
        close();
        return;
      }
      if (!frame.hasRemaining()) {
        counters.sent(len);
        return;
      }
    }
    pending.add(frame);
    pendingBytes += frame.remaining();
    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
    counters.sent(len);
  }

  /** The socket can take more: write what waits. Returns false when the connection must close. */
  boolean flush() {
    try {
      while (!pending.isEmpty()) {
        ByteBuffer head = pending.peek();
        int before = head.remaining();
        channel.write(head);
        pendingBytes -= before - head.remaining();
        if (head.hasRemaining()) {
          return true;
        }
        pending.poll();
      }
      key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  void close() {
    if (closed) {
      return;
    }
    closed = true;
    key.cancel();
    try {
      channel.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    pending.clear();
    pendingBytes = 0;
  }

  @Override
  public String toString() {
    return "tcp:" + remote;
  }
}
