package org.conclave.media;

/**
 * The one interface through which the control plane drives the media plane (the SFU). The
 * operations — rooms, peers with their publishing permissions, stats and events — arrive with the
 * media work; the module exists now so the build can hold the boundary: {@code media} never depends
 * on {@code server}.
 */
public interface MediaNode extends AutoCloseable {

  /** Stops every room and releases the node's sockets and threads. */
  @Override
  void close();
}
