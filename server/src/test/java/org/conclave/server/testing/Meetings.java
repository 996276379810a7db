package org.conclave.server.testing;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Shortcuts for tests that create meetings and walk people through the door. */
public final class Meetings {

  private Meetings() {}

  /** Creates an instant meeting with these settings (null: defaults); returns its details. */
  public static JsonNode create(Browser host, Map<String, Object> settings) {
    var body = new java.util.HashMap<String, Object>();
    body.put("kind", "INSTANT");
    body.put("title", "Weekly review");
    if (settings != null) {
      body.put("settings", settings);
    }
    var r = host.post("/api/v1/meetings", body);
    if (r.status() != 201) {
      throw new AssertionError("creating a meeting failed: " + r);
    }
    return r.json();
  }

  /** POST /api/v1/join; the raw response. */
  public static Browser.Response join(Browser who, Object... fields) {
    return who.post("/api/v1/join", Browser.body(fields));
  }

  /** A ticket, or an AssertionError with the refusal. */
  public static String ticket(Browser who, Object... fields) {
    var r = join(who, fields);
    if (r.status() != 200) {
      throw new AssertionError("join refused: " + r);
    }
    return r.json().path("ticket").asString();
  }

  /** Joins with a ticket on a new socket and returns it after the first answer arrives. */
  public static SignalingClient enter(Browser who, String ticket) {
    SignalingClient s = who.socket();
    s.send("hello", "v", 1, "ticket", ticket);
    return s;
  }
}
