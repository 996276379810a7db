package org.conclave.server.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One client of the running application over real HTTP(S): its own cookie jar, and the CSRF token
 * echoed on every change, as the browser client does. Create one per simulated person.
 */
public final class Browser {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final HttpClient http;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private boolean sendCsrf = true;
  private static final java.util.concurrent.atomic.AtomicInteger NEXT_ADDRESS =
      new java.util.concurrent.atomic.AtomicInteger(1);

  /**
   * Each browser appears to come from its own address (198.18.0.0/15, the benchmarking range, sent
   * only in X-Forwarded-For), so per-address throttling in one test never spills into another test
   * sharing the running application.
   */
  private String sourceAddress = nextAddress();

  public Browser(String base, SSLContext ssl) {
    this.base = base;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10));
    if (ssl != null) {
      b.sslContext(ssl);
    }
    this.http = b.build();
  }

  /** Opens a signaling WebSocket with this browser's cookies, address and own Origin. */
  public SignalingClient socket() {
    return new SignalingClient(http, base, base, sourceAddress);
  }

  /** Opens a signaling WebSocket claiming another Origin (null: none). */
  public SignalingClient socket(String origin) {
    return new SignalingClient(http, base, origin, sourceAddress);
  }

  /** Sends requests without the CSRF header (to prove such requests are refused). */
  public Browser withoutCsrf() {
    sendCsrf = false;
    return this;
  }

  /**
   * Pretends to come from another address, through the X-Forwarded-For header that the test
   * configuration trusts from loopback. Lets one test play many attackers.
   */
  public Browser from(String address) {
    this.sourceAddress = address;
    return this;
  }

  private static String nextAddress() {
    int n = NEXT_ADDRESS.getAndIncrement();
    return "198." + (18 + ((n >> 16) & 1)) + "." + ((n >> 8) & 255) + "." + (n & 255);
  }

  /** The source address this browser presents. */
  public String address() {
    return sourceAddress;
  }

  public String base() {
    return base;
  }

  public Response get(String path) {
    return send(request(path).GET());
  }

  public Response post(String path, Object body) {
    return send(json(request(path), "POST", body));
  }

  public Response put(String path, Object body) {
    return send(json(request(path), "PUT", body));
  }

  public Response delete(String path) {
    return send(request(path).DELETE());
  }

  /** Posts raw bytes with the given content type (for malformed-input tests). */
  public Response postRaw(String path, String contentType, byte[] body) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  public Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpRequest.Builder request(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    if (sendCsrf) {
      String token = cookie("__Host-csrf");
      if (token == null) {
        // The first request of a new browser: fetch the CSRF cookie the way the client does.
        token = fetchCsrfToken();
      }
      if (token != null) {
        b.header("X-CSRF-Token", token);
      }
    }
    if (sourceAddress != null) {
      b.header("X-Forwarded-For", sourceAddress);
    }
    return b;
  }

  private String fetchCsrfToken() {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1/session"));
      if (sourceAddress != null) {
        b.header("X-Forwarded-For", sourceAddress);
      }
      http.send(b.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return cookie("__Host-csrf");
  }

  private HttpRequest.Builder json(HttpRequest.Builder b, String method, Object body) {
    byte[] bytes = body instanceof String s ? s.getBytes() : JSON.writeValueAsBytes(body);
    return b.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
  }

  /** The value of a cookie this browser holds, or null. */
  public String cookie(String name) {
    for (HttpCookie c : cookies.getCookieStore().getCookies()) {
      if (c.getName().equals(name)) {
        return c.getValue();
      }
    }
    return null;
  }

  /**
   * Puts a cookie into this browser's jar as if some other site or person had planted it (for
   * session-fixation tests).
   */
  public void plantCookie(String name, String value) {
    try {
      // Through the cookie manager, exactly as if a response had set it.
      cookies.put(
          URI.create(base + "/"),
          Map.of("Set-Cookie", java.util.List.of(name + "=" + value + "; Path=/; Secure")));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public void clearCookies() {
    cookies.getCookieStore().removeAll();
  }

  /** Shorthand for a JSON object body. */
  public static Map<String, Object> body(Object... keyValues) {
    var map = new java.util.LinkedHashMap<String, Object>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put((String) keyValues[i], keyValues[i + 1]);
    }
    return map;
  }

  /** A response with its body parsed on demand. */
  public record Response(HttpResponse<String> raw) {
    public int status() {
      return raw.statusCode();
    }

    public String body() {
      return raw.body();
    }

    public JsonNode json() {
      return JSON.readTree(raw.body());
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }

    @Override
    public String toString() {
      return raw.statusCode() + " " + raw.body();
    }
  }
}
