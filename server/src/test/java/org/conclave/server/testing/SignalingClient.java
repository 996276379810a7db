package org.conclave.server.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A signaling WebSocket as a test sees it: send JSON text, wait for frames by type. Opened by
 * {@link Browser#socket()}, so it carries that browser's cookies, address and same-origin Origin.
 */
public final class SignalingClient implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
  private final List<JsonNode> all = java.util.Collections.synchronizedList(new ArrayList<>());
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final WebSocket socket;

  SignalingClient(HttpClient http, String base, String origin, String address) {
    WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (origin != null) {
      b.header("Origin", origin);
    }
    if (address != null) {
      b.header("X-Forwarded-For", address);
    }
    this.socket =
        b.buildAsync(URI.create(base.replaceFirst("^http", "ws") + "/ws"), new Listener()).join();
  }

  /** Sends one text frame as is. */
  public SignalingClient send(String text) {
    socket.sendText(text, true).join();
    return this;
  }

  /** Sends one binary frame (which the protocol does not use). */
  public SignalingClient sendBinary(byte[] data) {
    socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).join();
    return this;
  }

  /** Sends {@code {"type": type, ...fields}}. */
  public SignalingClient send(String type, Object... fields) {
    var node = JSON.createObjectNode().put("type", type);
    for (int i = 0; i < fields.length; i += 2) {
      node.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
    }
    return send(node.toString());
  }

  /** The next frame of this type, skipping others (they stay in {@link #received()}). */
  public JsonNode await(String type) {
    return await(f -> type.equals(f.path("type").asString()), "a " + type + " frame");
  }

  public JsonNode await(Predicate<JsonNode> match, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonNode f = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
        if (f == null) {
          throw new AssertionError("No " + what + " within 10 s; received: " + all);
        }
        if (match.test(f)) {
          return f;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Frames that arrive within the time given (for "nothing else arrives" checks). */
  public List<JsonNode> drain(Duration within) {
    List<JsonNode> out = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonNode f = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
        if (f == null) {
          return out;
        }
        out.add(f);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return out;
    }
  }

  /** Every frame received so far. */
  public List<JsonNode> received() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  /** Completes with the close code when the server closes the socket. */
  public CompletableFuture<Integer> closed() {
    return closed;
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }

  /** Drops the connection without a close frame, as a lost network does. */
  public void abort() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonNode node = JSON.readTree(partial.toString());
        partial.setLength(0);
        all.add(node);
        frames.add(node);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(-1);
    }
  }
}
