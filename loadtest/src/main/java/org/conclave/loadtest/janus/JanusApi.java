package org.conclave.loadtest.janus;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.conclave.loadtest.janus.JanusMessages.Jsep;
import org.conclave.loadtest.janus.JanusMessages.Request;
import org.conclave.loadtest.janus.JanusMessages.Response;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * One session of Janus's HTTP API (the REST transport, plain HTTP on loopback): attaching plugin
 * handles, plugin requests, and the session's events.
 *
 * <p>Requests are POSTs that Janus answers at once: {@code success} (synchronous plugin requests
 * such as creating a room) or {@code ack}, after which the plugin's answer comes as an event with
 * the same transaction id. Events come from one long-poll GET at a time, on this object's own
 * thread; each poll also keeps the session alive (Janus ends sessions idle for 60 s). Events that
 * answer no request go to the handle's listener ({@link #onEvent}), on that thread: a later offer
 * to a subscriber, {@code webrtcup}, {@code hangup}.
 *
 * <p>Thread-safe: requests may come from any thread.
 */
final class JanusApi implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final JsonMapper json =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(REQUEST_TIMEOUT)
          .build();
  private final URI base;
  private final long sessionId;
  private final Map<String, CompletableFuture<Response>> waiting = new ConcurrentHashMap<>();
  private final Map<Long, Consumer<Response>> listeners = new ConcurrentHashMap<>();
  private final Thread poller;
  private volatile boolean running = true;

  /**
   * Creates a session at {@code base} (e.g. {@code http://127.0.0.1:8088/janus}) and starts polling
   * its events.
   *
   * @throws IOException when Janus does not answer or refuses
   */
  JanusApi(URI base) throws IOException, InterruptedException {
    this.base = base;
    Response created = post(base, new Request("create", transaction(), null, null, null));
    this.sessionId = idOf(created, "create a session");
    poller = new Thread(this::poll, "janus-events-" + sessionId);
    poller.setDaemon(true);
    poller.start();
  }

  /** Whether Janus answers its {@code info} request at {@code base}. Never throws. */
  static boolean answers(URI base) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    try {
      HttpRequest r =
          HttpRequest.newBuilder(URI.create(base + "/info")).timeout(Duration.ofSeconds(2)).build();
      return client.send(r, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Attaches a handle to {@code plugin} (e.g. janus.plugin.videoroom); returns its id. */
  long attach(String plugin) throws IOException, InterruptedException {
    Response r = post(session(), new Request("attach", transaction(), plugin, null, null));
    return idOf(r, "attach " + plugin);
  }

  /**
   * Sends {@code body} (and {@code jsep}, or null) to the handle's plugin and returns the plugin's
   * answer: the {@code success} itself for synchronous requests, else the event that follows the
   * {@code ack}.
   *
   * @throws IOException when Janus refuses (error), or its answer does not come within 10 s
   */
  Response request(long handle, Object body, Jsep jsep) throws IOException, InterruptedException {
    String transaction = transaction();
    CompletableFuture<Response> event = new CompletableFuture<>();
    waiting.put(transaction, event);
    try {
      Response r = post(handleUri(handle), new Request("message", transaction, null, body, jsep));
      if (!r.janus().equals("ack")) {
        return r; // synchronous plugin answer
      }
      return event.get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IOException("Janus did not answer " + body + " within " + REQUEST_TIMEOUT, e);
    } catch (ExecutionException e) {
      throw new IOException("polling Janus's events failed", e.getCause());
    } finally {
      waiting.remove(transaction);
    }
  }

  /**
   * Where the handle's events that answer no request go (on the polling thread: return quickly, or
   * hand the work on).
   */
  void onEvent(long handle, Consumer<Response> listener) {
    listeners.put(handle, listener);
  }

  /** Ends the session (Janus closes its handles and their peer connections) and stops polling. */
  @Override
  public void close() {
    running = false;
    try {
      post(session(), new Request("destroy", transaction(), null, null, null));
    } catch (IOException e) {
      // Janus may be gone already; nothing to end then.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    poller.interrupt();
  }

  private void poll() {
    URI events = URI.create(session() + "?maxev=16");
    while (running) {
      try {
        HttpRequest get =
            HttpRequest.newBuilder(events).timeout(Duration.ofSeconds(60)).GET().build();
        HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new IOException("HTTP " + r.statusCode() + " polling events");
        }
        for (Response event : parseEvents(r.body())) {
          dispatch(event);
        }
      } catch (IOException | JacksonException e) {
        if (running) {
          failAll(e);
          sleepQuietly();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private List<Response> parseEvents(String body) {
    JsonNode tree = json.readTree(body);
    List<Response> out = new ArrayList<>();
    if (tree.isArray()) {
      for (JsonNode e : tree) {
        out.add(json.treeToValue(e, Response.class));
      }
    } else {
      out.add(json.treeToValue(tree, Response.class));
    }
    return out;
  }

  private void dispatch(Response event) {
    if (event.janus().equals("keepalive")) {
      return;
    }
    CompletableFuture<Response> w =
        event.transaction() == null ? null : waiting.remove(event.transaction());
    if (w != null) {
      w.complete(event);
      return;
    }
    Consumer<Response> l = event.sender() == null ? null : listeners.get(event.sender());
    if (l != null) {
      l.accept(event);
    }
  }

  private void failAll(Exception e) {
    for (CompletableFuture<Response> w : waiting.values()) {
      w.completeExceptionally(e);
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Response post(URI uri, Request request) throws IOException, InterruptedException {
    HttpRequest r =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
            .build();
    HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      throw new IOException("HTTP " + answer.statusCode() + " for " + request.janus());
    }
    Response response;
    try {
      response = json.readValue(answer.body(), Response.class);
    } catch (JacksonException e) {
      throw new IOException("Janus's answer is not its JSON: " + answer.body(), e);
    }
    if (response.janus().equals("error")) {
      throw new IOException(
          "Janus refused " + request.janus() + " " + request.body() + ": " + response.error());
    }
    return response;
  }

  private static long idOf(Response r, String what) throws IOException {
    if (!r.janus().equals("success") || r.data() == null || r.data().id() == null) {
      throw new IOException("Janus did not " + what + ": " + r);
    }
    return r.data().id();
  }

  private URI session() {
    return URI.create(base + "/" + sessionId);
  }

  private URI handleUri(long handle) {
    return URI.create(base + "/" + sessionId + "/" + handle);
  }

  private static String transaction() {
    return Long.toUnsignedString(RANDOM.nextLong(), 36);
  }
}
