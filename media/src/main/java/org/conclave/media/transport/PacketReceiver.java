package org.conclave.media.transport;

/**
 * What the {@link TransportLoop} hands each datagram to. Called only on the loop's thread. The
 * buffer is the loop's own and is reused for the next datagram: read (or copy) before returning. An
 * exception thrown here is caught, counted and logged by the loop; it never stops the loop.
 */
public interface PacketReceiver {

  /**
   * One datagram (UDP) or one RFC 4571 frame (ICE-TCP).
   *
   * @param path where it came from and where answers go: an {@link java.net.InetSocketAddress} for
   *     UDP, a {@link TcpConnection} for TCP
   */
  void onPacket(Object path, byte[] buf, int off, int len);

  /** An ICE-TCP connection closed; packets on it can no longer be sent. */
  void onPathClosed(Object path);
}
