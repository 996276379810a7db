package org.conclave.server.room;

import org.conclave.server.protocol.ServerMessage;

/**
 * One signaling connection as the room sees it. Implemented by the WebSocket layer; a test or a
 * load generator may implement it too. {@link #send} and {@link #close} never block and may be
 * called from any thread; frames are delivered in the order sent, and a close takes effect after
 * the frames sent before it.
 */
public interface RoomConnection {

  /** Queues a frame. */
  void send(ServerMessage message);

  /** Closes the connection after the frames already queued; {@code reason} is for logs. */
  void close(String reason);
}
