package org.conclave.server.signaling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.conclave.server.common.Buckets;
import org.conclave.server.common.SerialExecutor;
import org.conclave.server.config.ConclaveProperties;
import org.conclave.server.entry.Tickets;
import org.conclave.server.protocol.ClientMessage;
import org.conclave.server.protocol.ErrorCode;
import org.conclave.server.protocol.Protocol;
import org.conclave.server.protocol.ProtocolCodec;
import org.conclave.server.protocol.ServerMessage;
import org.conclave.server.room.EntryPass;
import org.conclave.server.room.RoomRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * {@code /ws}: reads frames, applies the per-connection limits (size, rate), decodes them, and
 * hands them to the room through the {@link RoomRouter}. The order for every frame: rate, size,
 * decode, then the session commands (hello, resume, ping, leave) here and everything else in the
 * room, which authorizes it against the live state. Nothing a client sends can throw out of this
 * class: every refusal is an {@code error} frame, counted by reason.
 */
@Component
class SignalingHandler extends AbstractWebSocketHandler {

  private static final Logger log = LoggerFactory.getLogger(SignalingHandler.class);
  static final String ADDRESS = "conclave.address";
  private static final String CONNECTION = "conclave.connection";

  private final ProtocolCodec codec;
  private final Tickets tickets;
  private final RoomRouter rooms;
  private final ConclaveProperties.Signaling limits;
  private final InstantSource clock;
  private final ExecutorService sendPool;
  private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
  private final MeterRegistry metrics;
  private final Counter received;

  SignalingHandler(
      ProtocolCodec codec,
      Tickets tickets,
      RoomRouter rooms,
      ConclaveProperties properties,
      InstantSource clock,
      MeterRegistry metrics) {
    this.codec = codec;
    this.tickets = tickets;
    this.rooms = rooms;
    this.limits = properties.meetings().signaling();
    this.clock = clock;
    this.metrics = metrics;
    AtomicInteger n = new AtomicInteger();
    this.sendPool =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "conclave-signaling-send-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.received = Counter.builder("conclave.signaling.frames").register(metrics);
  }

  @Override
  public void afterConnectionEstablished(WebSocketSession session) throws Exception {
    String address = (String) session.getAttributes().getOrDefault(ADDRESS, "unknown");
    AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
    if (count.incrementAndGet() > limits.maxConnectionsPerAddress()) {
      count.decrementAndGet();
      dropped("too-many-connections");
      session.close(CloseStatus.POLICY_VIOLATION.withReason("too many connections"));
      return;
    }
    SignalingConnection c =
        new SignalingConnection(
            session,
            address,
            Buckets.of(
                limits.frameBurst(),
                Duration.ofMillis(1000L * limits.frameBurst() / limits.framesPerSecond()),
                clock),
            codec,
            new SerialExecutor(sendPool));
    session.getAttributes().put(CONNECTION, c);
  }

  @Override
  protected void handleTextMessage(WebSocketSession session, TextMessage message) {
    SignalingConnection c = (SignalingConnection) session.getAttributes().get(CONNECTION);
    if (c == null) {
      return;
    }
    received.increment();
    try {
      handle(c, message.getPayload());
    } catch (RuntimeException e) {
      log.error("A signaling frame failed; the connection goes on", e);
      c.send(
          new ServerMessage.Error(
              ErrorCode.INTERNAL.code(),
              null,
              "Something went wrong on the server; nothing changed."));
    }
  }

  private void handle(SignalingConnection c, String text) {
    // Rate first: every frame counts, so a flood of oversized frames is dropped like any other
    // flood instead of being answered one error frame each.
    if (throttled(c)) {
      return;
    }
    if (longerThan(text, limits.maxFrameBytes())) {
      refuse(
          c,
          ErrorCode.TOO_LARGE,
          null,
          "Frames are limited to " + limits.maxFrameBytes() + " bytes.");
      return;
    }
    ProtocolCodec.Decoded decoded = codec.decode(text);
    if (decoded instanceof ProtocolCodec.Decoded.Bad bad) {
      refuse(c, bad.code(), bad.type(), bad.message());
      return;
    }
    ClientMessage m = ((ProtocolCodec.Decoded.Ok) decoded).message();
    if (m instanceof ClientMessage.Ping) {
      c.send(new ServerMessage.Pong());
    } else if (m instanceof ClientMessage.Hello hello) {
      hello(c, hello);
    } else if (m instanceof ClientMessage.Resume resume) {
      resume(c, resume);
    } else if (m instanceof ClientMessage.Leave) {
      c.entered = false;
      rooms.leave(c);
    } else if (!c.entered) {
      refuse(c, ErrorCode.NOT_IN_ROOM, m.type(), "Join the meeting first.");
    } else {
      rooms.command(c, m);
    }
  }

  private void hello(SignalingConnection c, ClientMessage.Hello hello) {
    if (c.entered) {
      refuse(c, ErrorCode.ALREADY_IN_ROOM, hello.type(), "This connection already joined.");
      return;
    }
    if (hello.v() != Protocol.VERSION) {
      refuse(
          c,
          ErrorCode.UNSUPPORTED_VERSION,
          hello.type(),
          "This server speaks protocol version " + Protocol.VERSION + ": reload the page.");
      return;
    }
    EntryPass pass = tickets.redeem(hello.ticket()).orElse(null);
    if (pass == null) {
      refuse(
          c,
          ErrorCode.TICKET_INVALID,
          hello.type(),
          "That entry ticket is unknown, used or expired: join again.");
      return;
    }
    c.entered = true;
    rooms.enter(pass, c);
  }

  private void resume(SignalingConnection c, ClientMessage.Resume resume) {
    if (c.entered) {
      refuse(c, ErrorCode.ALREADY_IN_ROOM, resume.type(), "This connection already joined.");
      return;
    }
    if (resume.v() != Protocol.VERSION) {
      refuse(
          c,
          ErrorCode.UNSUPPORTED_VERSION,
          resume.type(),
          "This server speaks protocol version " + Protocol.VERSION + ": reload the page.");
      return;
    }
    if (!rooms.resume(resume.token(), c)) {
      refuse(
          c,
          ErrorCode.RESUME_INVALID,
          resume.type(),
          "That session cannot be resumed: join again.");
      return;
    }
    c.entered = true;
  }

  /** Takes one frame from the connection's allowance; false when it was dropped. */
  private boolean throttled(SignalingConnection c) {
    if (c.frames.tryConsume(1)) {
      return false;
    }
    dropped(ErrorCode.RATE_LIMITED.code());
    long now = clock.millis();
    if (now - c.lastRateError >= 1000) {
      c.lastRateError = now;
      c.send(
          new ServerMessage.Error(
              ErrorCode.RATE_LIMITED.code(),
              null,
              "Too many frames: some were dropped. Slow down."));
    }
    return true;
  }

  /**
   * Whether the frame's UTF-8 form is longer than {@code maxBytes}. The limit is in bytes, as
   * configured and documented; counting characters would let through frames of non-ASCII text
   * (Vietnamese, say) up to three times the limit.
   */
  static boolean longerThan(String text, int maxBytes) {
    if (text.length() > maxBytes) {
      return true;
    }
    if (text.length() * 3L <= maxBytes) {
      return false;
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      // A surrogate pair is four bytes: two for each half.
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
      if (bytes > maxBytes) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
    SignalingConnection c = (SignalingConnection) session.getAttributes().get(CONNECTION);
    if (c != null && !throttled(c)) {
      refuse(c, ErrorCode.BAD_FRAME, null, "Frames are JSON text.");
    }
  }

  @Override
  public void handleTransportError(WebSocketSession session, Throwable exception) {
    log.debug("Signaling transport error on {}: {}", session.getId(), exception.toString());
  }

  @Override
  public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
    SignalingConnection c = (SignalingConnection) session.getAttributes().remove(CONNECTION);
    if (c == null) {
      return;
    }
    c.closing = true;
    perAddress.computeIfPresent(c.address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    if (c.entered) {
      rooms.disconnected(c);
    }
  }

  private void refuse(SignalingConnection c, ErrorCode code, String type, String message) {
    dropped(code.code());
    c.send(new ServerMessage.Error(code.code(), type, message));
  }

  private void dropped(String reason) {
    metrics.counter("conclave.signaling.frames.refused", "reason", reason).increment();
  }

  void shutdown() {
    sendPool.shutdownNow();
  }
}
