package org.conclave.server.signaling;

import io.github.bucket4j.Bucket;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.conclave.server.protocol.ProtocolCodec;
import org.conclave.server.protocol.ServerMessage;
import org.conclave.server.room.RoomConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One WebSocket as a {@link RoomConnection}. Frames are encoded by the caller and written by a
 * serial task on the shared send pool, so a slow reader never blocks a room; a reader that falls
 * {@value #MAX_QUEUED} frames behind is disconnected (it can resume).
 */
final class SignalingConnection implements RoomConnection {

  private static final Logger log = LoggerFactory.getLogger(SignalingConnection.class);
  static final int MAX_QUEUED = 1000;

  final WebSocketSession session;
  final String address;
  final Bucket frames;
  private final ProtocolCodec codec;
  private final Executor sends;
  private final AtomicInteger queued = new AtomicInteger();

  /** Set once a hello or resume was accepted; read and written on the socket's own thread. */
  boolean entered;

  /** When the last rate-limit error was sent, so a flood is not answered frame for frame. */
  long lastRateError;

  volatile boolean closing;

  SignalingConnection(
      WebSocketSession session,
      String address,
      Bucket frames,
      ProtocolCodec codec,
      Executor sends) {
    this.session = session;
    this.address = address;
    this.frames = frames;
    this.codec = codec;
    this.sends = sends;
  }

  @Override
  public void send(ServerMessage message) {
    if (closing) {
      return;
    }
    if (queued.incrementAndGet() > MAX_QUEUED) {
      close("too slow to read its frames");
      return;
    }
    String text = codec.encode(message);
    sends.execute(
        () -> {
          queued.decrementAndGet();
          try {
            if (session.isOpen()) {
              session.sendMessage(new TextMessage(text));
            }
          } catch (IOException | IllegalStateException e) {
            log.debug("Could not send to {}: {}", session.getId(), e.toString());
          }
        });
  }

  @Override
  public void close(String reason) {
    closing = true;
    sends.execute(
        () -> {
          try {
            if (session.isOpen()) {
              session.close(
                  CloseStatus.NORMAL.withReason(
                      reason.length() > 100 ? reason.substring(0, 100) : reason));
            }
          } catch (IOException e) {
            log.debug("Could not close {}: {}", session.getId(), e.toString());
          }
        });
  }
}
