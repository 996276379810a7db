package org.conclave.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.conclave.server.account.Role;
import org.conclave.server.testing.ApiTest;
import org.conclave.server.testing.Browser;
import org.conclave.server.testing.Meetings;
import org.conclave.server.testing.SignalingClient;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Shared steps of the live-room tests: meetings, people walking through the door onto a real
 * WebSocket, and the room's state read through {@link RoomRouter#snapshot}. Every socket opened
 * here is closed after the test.
 */
abstract class RoomApiTest extends ApiTest {

  /** The frames that may ever reach someone waiting (ServerMessage's contract). */
  static final Set<String> WAITING_MAY_RECEIVE =
      Set.of(
          "waiting",
          "waitingMessage",
          "pong",
          "error",
          "welcome",
          "denied",
          "removed",
          "refused",
          "ended");

  @Autowired protected RoomRouter router;

  private final List<SignalingClient> sockets = new ArrayList<>();

  /** Someone with a socket: the browser they came with, and what the room told them. */
  static final class Person {
    final Browser browser;
    final SignalingClient socket;
    final String ticket;
    JsonNode first;
    String id;
    String resumeToken;

    Person(Browser browser, SignalingClient socket, String ticket) {
      this.browser = browser;
      this.socket = socket;
      this.ticket = ticket;
    }

    String firstType() {
      return first.path("type").asString();
    }

    Person send(String type, Object... fields) {
      socket.send(type, fields);
      return this;
    }

    JsonNode await(String type) {
      return socket.await(type);
    }

    /** The next error frame; fails on anything else that is not a broadcast. */
    JsonNode error() {
      return socket.await("error");
    }

    /** Waits for the welcome that admits them and remembers the new resume token. */
    JsonNode welcomed() {
      JsonNode w = socket.await("welcome");
      id = w.path("you").path("id").asString();
      if (w.hasNonNull("resumeToken")) {
        resumeToken = w.path("resumeToken").asString();
      }
      return w;
    }
  }

  @AfterEach
  void closeSockets() {
    for (SignalingClient s : sockets) {
      s.close();
    }
    sockets.clear();
  }

  protected Browser newHost() {
    return signedIn(createUser(newUsername("host"), Role.HOST));
  }

  protected Browser newMember() {
    return signedIn(createUser(newUsername("member"), Role.MEMBER));
  }

  /** An instant meeting with these settings (the rest secure defaults) and co-hosts. */
  protected JsonNode meeting(Browser host, Map<String, Object> settings, String... cohosts) {
    var body = new HashMap<String, Object>();
    body.put("kind", "INSTANT");
    body.put("title", "Weekly review");
    if (settings != null) {
      body.put("settings", settings);
    }
    if (cohosts.length > 0) {
      body.put("cohosts", List.of(cohosts));
    }
    var r = host.post("/api/v1/meetings", body);
    assertThat(r.status()).as("creating a meeting: %s", r).isEqualTo(201);
    return r.json();
  }

  protected static String code(JsonNode meeting) {
    return meeting.path("code").asString();
  }

  protected static long id(JsonNode meeting) {
    return meeting.path("id").asLong();
  }

  /** A personal invitation's secret (the {@code #i=} part of its link). */
  protected static String inviteSecret(Browser host, JsonNode meeting, String name) {
    var r = host.post("/api/v1/meetings/" + id(meeting) + "/invites", Browser.body("name", name));
    assertThat(r.status()).as("inviting: %s", r).isIn(200, 201);
    String link = r.json().path("link").asString();
    return link.substring(link.indexOf("#i=") + 3);
  }

  /** Opens a socket, says hello with this ticket and waits for the room's first answer. */
  protected Person arrive(Browser who, String ticket) {
    SignalingClient s = Meetings.enter(who, ticket);
    sockets.add(s);
    Person p = new Person(who, s, ticket);
    p.first =
        s.await(
            f -> Set.of("welcome", "waiting", "refused").contains(f.path("type").asString()),
            "a welcome, waiting or refused frame");
    if (p.firstType().equals("welcome")) {
      p.id = p.first.path("you").path("id").asString();
      p.resumeToken = p.first.path("resumeToken").asString();
    } else if (p.firstType().equals("waiting")) {
      p.id = p.first.path("participantId").asString();
      p.resumeToken = p.first.path("resumeToken").asString();
    }
    return p;
  }

  /** A socket of this browser that has said nothing yet. */
  protected SignalingClient socket(Browser who) {
    SignalingClient s = who.socket();
    sockets.add(s);
    return s;
  }

  /** A signed-in host or co-host entering with just the code. */
  protected Person hostEnters(Browser host, JsonNode meeting) {
    Person p = arrive(host, Meetings.ticket(host, "code", code(meeting)));
    assertThat(p.firstType()).as("host's first frame: %s", p.first).isEqualTo("welcome");
    return p;
  }

  /** A guest with the passcode, on a fresh browser. */
  protected Person guest(JsonNode meeting, String name) {
    return guest(browser(), meeting, name);
  }

  protected Person guest(Browser b, JsonNode meeting, String name) {
    return arrive(
        b,
        Meetings.ticket(
            b,
            "code",
            code(meeting),
            "passcode",
            meeting.path("passcode").asString(),
            "name",
            name));
  }

  /** A signed-in member with the passcode (their account's name). */
  protected Person member(Browser b, JsonNode meeting) {
    return arrive(
        b,
        Meetings.ticket(b, "code", code(meeting), "passcode", meeting.path("passcode").asString()));
  }

  /** Someone with a personal invitation link. */
  protected Person personalLink(Browser b, JsonNode meeting, String secret) {
    return arrive(b, Meetings.ticket(b, "code", code(meeting), "invite", secret));
  }

  /** The host lets a waiting person in; returns the person's welcome. */
  protected JsonNode admit(Person host, Person waiting) {
    assertThat(waiting.firstType()).as("%s", waiting.first).isEqualTo("waiting");
    host.send("admit", "participant", waiting.id);
    return waiting.welcomed();
  }

  /** A guest who knocked and was let in. */
  protected Person admittedGuest(Person host, JsonNode meeting, String name) {
    Person g = guest(meeting, name);
    admit(host, g);
    return g;
  }

  protected RoomSnapshot snapshot(JsonNode meeting) {
    return router.snapshot(id(meeting)).orElseThrow();
  }

  /** The frame types this socket has received so far. */
  protected static List<String> types(SignalingClient s) {
    return s.received().stream().map(f -> f.path("type").asString()).toList();
  }

  protected static Map<String, Object> settings(Object... keyValues) {
    return Browser.body(keyValues);
  }
}
