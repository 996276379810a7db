package org.conclave.server.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.conclave.server.room.HostControlApiTest.awaitChat;
import static org.conclave.server.room.HostControlApiTest.awaitUpdate;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.conclave.server.testing.Browser;
import org.conclave.server.testing.SignalingClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The signaling endpoint under bad input and abuse: malformed, unknown, invalid, binary and
 * oversized frames get {@code error} frames (or, past four times the limit, the container's close)
 * and the room goes on; a flooding socket is throttled without slowing the others; other origins
 * cannot open a socket; a dropped participant comes back with their resume token, once.
 */
class SignalingRobustnessApiTest extends RoomApiTest {

  private static final int MAX_FRAME = 64 * 1024;

  @Autowired MeterRegistry metrics;

  @Test
  void badFramesGetTheRightErrorAndChangeNothing() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    Person other = admittedGuest(host, meeting, "Minh");

    String[][] cases = {
      {"{\"type\":", "bad-frame", null},
      {"this is not json", "bad-frame", null},
      {"{\"type\":\"ping\"} {\"type\":\"ping\"}", "bad-frame", null},
      {"null", "bad-frame", null},
      {"[1,2,3]", "bad-frame", null},
      {"\"chat\"", "bad-frame", null},
      {"{}", "bad-frame", null},
      {"{\"type\":\"becomeHost\"}", "unknown-type", "becomeHost"},
      {"{\"type\":42}", "bad-frame", null},
      {"{\"type\":\"chat\"}", "invalid", "chat"},
      {"{\"type\":\"chat\",\"to\":\"everyone\"}", "invalid", "chat"},
      {"{\"type\":\"chat\",\"to\":\"everyone\",\"text\":{\"a\":1}}", "invalid", "chat"},
      {"{\"type\":\"chat\",\"to\":\"everyone\",\"text\":\"a\\u0000b\"}", "invalid", "chat"},
      {
        "{\"type\":\"chat\",\"to\":\"everyone\",\"text\":\"" + "x".repeat(2001) + "\"}",
        "invalid",
        "chat"
      },
      {"{\"type\":\"raiseHand\",\"raised\":null}", "invalid", "raiseHand"},
      {"{\"type\":\"raiseHand\",\"raised\":[true]}", "invalid", "raiseHand"},
      {"{\"type\":\"lockMeeting\"}", "invalid", "lockMeeting"},
      {"{\"type\":\"setRole\",\"participant\":\"abc\",\"role\":\"HOST\"}", "invalid", "setRole"},
      {"{\"type\":\"setChatMode\",\"mode\":\"LOUD\"}", "invalid", "setChatMode"},
      {"{\"type\":\"hello\",\"v\":\"one\",\"ticket\":\"x\"}", "invalid", "hello"},
    };
    for (String[] c : cases) {
      RoomSnapshot before = snapshot(meeting);
      guest.socket.send(c[0]);
      JsonNode error = guest.error();
      String what = c[0].length() > 60 ? c[0].substring(0, 60) + "…" : c[0];
      assertThat(error.path("code").asString()).as(what + ": %s", error).isEqualTo(c[1]);
      if (c[2] != null) {
        assertThat(error.path("command").asString()).as(what).isEqualTo(c[2]);
      }
      assertThat(error.path("message").asString()).as(what).isNotBlank();
      assertThat(snapshot(meeting)).as(what).isEqualTo(before);
    }
    guest.socket.sendBinary(new byte[] {1, 2, 3});
    assertThat(guest.error().path("code").asString()).isEqualTo("bad-frame");

    assertThat(guest.socket.isClosed()).isFalse();
    guest.send("chat", "to", "everyone", "text", "still here");
    awaitChat(other.socket, "still here");
  }

  @Test
  void aHelloOfAnotherProtocolVersionIsRefused() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    String ticket = org.conclave.server.testing.Meetings.ticket(hostBrowser, "code", code(meeting));
    SignalingClient s = socket(hostBrowser);
    s.send("hello", "v", 2, "ticket", ticket);
    assertThat(s.await("error").path("code").asString()).isEqualTo("unsupported-version");
    s.send("hello", "v", 1, "ticket", ticket);
    assertThat(s.await("welcome").path("v").asInt()).isEqualTo(1);
  }

  @Test
  void aFrameOverTheLimitGetsTooLargeAndTheConnectionGoesOn() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    double before = refused("too-large");

    guest.socket.send(chatOfLength(MAX_FRAME + 1));
    assertThat(guest.error().path("code").asString()).isEqualTo("too-large");
    // The limit is in bytes: 33,000 two-byte characters are 66,000 bytes.
    guest.socket.send("{\"type\":\"chat\",\"text\":\"" + "é".repeat(33_000) + "\"}");
    assertThat(guest.error().path("code").asString()).isEqualTo("too-large");
    assertThat(refused("too-large") - before).isEqualTo(2);

    guest.send("chat", "to", "everyone", "text", "after the big one");
    awaitChat(host.socket, "after the big one");
  }

  @Test
  void aFloodOfOversizedOrBinaryFramesIsThrottledLikeAnyOther() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    long start = System.nanoTime();
    String big = chatOfLength(MAX_FRAME + 1);
    for (int i = 0; i < 100; i++) {
      guest.socket.send(big);
      guest.socket.sendBinary(new byte[] {1});
    }
    long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
    guest.socket.drain(Duration.ofSeconds(2));
    guest.send("ping");
    guest.await("pong");
    List<String> codes =
        guest.socket.received().stream()
            .filter(f -> f.path("type").asString().equals("error"))
            .map(f -> f.path("code").asString())
            .toList();
    assertThat(codes).contains("rate-limited");
    assertThat(codes.stream().filter(c -> !c.equals("rate-limited")).count())
        .as("answered frames: burst 40 + 20 a second over %s s", seconds)
        .isLessThanOrEqualTo(40 + 20 * (seconds + 1));
    guest.send("chat", "to", "everyone", "text", "calm again");
    awaitChat(host.socket, "calm again");
  }

  @Test
  void aFrameOverFourTimesTheLimitIsClosedByTheContainerAndTheRoomGoesOn() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    Person other = admittedGuest(host, meeting, "Minh");

    guest.socket.send(chatOfLength(4 * MAX_FRAME + 1024));
    assertThat(guest.socket.closed().join()).as("1009: message too big").isEqualTo(1009);
    awaitUpdate(host, guest.id, "connected", false);

    other.send("chat", "to", "everyone", "text", "room goes on");
    awaitChat(host.socket, "room goes on");
    // The dropped guest may come back with their resume token.
    SignalingClient again = socket(guest.browser);
    again.send("resume", "v", 1, "token", guest.resumeToken);
    assertThat(again.await("welcome").path("you").path("id").asString()).isEqualTo(guest.id);
  }

  @Test
  void aFloodingSocketIsThrottledWhileOthersKeepTalking() throws Exception {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person flooder = admittedGuest(host, meeting, "Flood");
    Person calm = admittedGuest(host, meeting, "Calm");
    double refusedBefore = refused("rate-limited");

    int frames = 3000;
    AtomicInteger sent = new AtomicInteger();
    Thread flood =
        new Thread(
            () -> {
              long start = System.nanoTime();
              for (int i = 0; i < frames; i++) {
                flooder.socket.send("{\"type\":\"ping\"}");
                sent.incrementAndGet();
                // About 1,000 frames a second: never ahead of one per millisecond.
                long ahead = (i + 1) * 1_000_000L - (System.nanoTime() - start);
                if (ahead > 0) {
                  java.util.concurrent.locks.LockSupport.parkNanos(ahead);
                }
              }
            },
            "flood");
    long floodStart = System.nanoTime();
    flood.start();

    List<Duration> pongTimes = new ArrayList<>();
    int round = 0;
    while (flood.isAlive() || round < 3) {
      long t0 = System.nanoTime();
      calm.send("ping");
      calm.await("pong");
      pongTimes.add(Duration.ofNanos(System.nanoTime() - t0));
      calm.send("chat", "to", "everyone", "text", "calm " + round);
      awaitChat(host.socket, "calm " + round);
      round++;
      calm.socket.drain(Duration.ofMillis(200));
    }
    flood.join();
    Duration floodTime = Duration.ofNanos(System.nanoTime() - floodStart);
    assertThat(sent.get()).isEqualTo(frames);
    assertThat(pongTimes).allMatch(d -> d.compareTo(Duration.ofSeconds(3)) < 0, "pongs within 3 s");

    // Let the bucket refill, then one more ping: its pong comes after every earlier answer.
    flooder.socket.drain(Duration.ofSeconds(2));
    flooder.send("ping");
    flooder.await("pong");
    long pongs = types(flooder.socket).stream().filter("pong"::equals).count() - 1;
    long rateErrors =
        flooder.socket.received().stream()
            .filter(f -> f.path("code").asString().equals("rate-limited"))
            .count();
    long dropped = frames - pongs;
    assertThat(pongs)
        .as("burst 40 + 20 a second over %s", floodTime)
        .isLessThanOrEqualTo(40 + 20 * (floodTime.toSeconds() + 1));
    assertThat(dropped).isPositive();
    assertThat(rateErrors).isBetween(1L, floodTime.toSeconds() + 2);
    assertThat(refused("rate-limited") - refusedBefore).isEqualTo((double) dropped);
    assertThat(flooder.socket.isClosed()).isFalse();
  }

  @Test
  void aSocketFromAnotherOriginIsRefusedAtTheHandshake() {
    Browser b = browser();
    String port = b.base().substring(b.base().lastIndexOf(':') + 1);
    for (String origin :
        List.of(
            "https://evil.example",
            "https://localhost:" + (Integer.parseInt(port) + 1),
            "http://localhost:" + port,
            "https://localhost:" + port + ".evil.example",
            "null")) {
      assertHandshakeRefused(b, origin);
    }
  }

  @Test
  void aSocketWithoutAnOriginIsRefusedAtTheHandshake() {
    assertHandshakeRefused(browser(), null);
  }

  @Test
  void aDroppedParticipantResumesWithoutTheWaitingRoomAndGetsANewToken() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    String token = guest.resumeToken;

    guest.socket.abort();
    awaitUpdate(host, guest.id, "connected", false);
    SignalingClient again = socket(guest.browser);
    again.send("resume", "v", 1, "token", token);
    JsonNode welcome = again.await("welcome");
    assertThat(welcome.path("you").path("id").asString()).isEqualTo(guest.id);
    assertThat(welcome.path("resumeToken").asString()).isNotBlank().isNotEqualTo(token);
    assertThat(types(again)).doesNotContain("waiting");
    awaitUpdate(host, guest.id, "connected", true);
    assertThat(snapshot(meeting).waiting()).isEmpty();
  }

  @Test
  void aResumeTokenWorksOnlyOnce() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person guest = admittedGuest(host, meeting, "Lan");
    String token = guest.resumeToken;
    guest.socket.abort();
    SignalingClient again = socket(guest.browser);
    again.send("resume", "v", 1, "token", token);
    again.await("welcome");

    RoomSnapshot before = snapshot(meeting);
    SignalingClient thief = socket(browser());
    thief.send("resume", "v", 1, "token", token);
    assertThat(thief.await("error").path("code").asString()).isEqualTo("resume-invalid");
    thief.send("chat", "to", "everyone", "text", "hijacked");
    assertThat(thief.await("error").path("code").asString()).isEqualTo("not-in-room");
    assertThat(snapshot(meeting)).isEqualTo(before);
    assertThat(again.isClosed()).isFalse();
  }

  @Test
  void someoneWaitingWhoResumesIsStillWaiting() {
    Browser hostBrowser = newHost();
    JsonNode meeting = meeting(hostBrowser, null);
    Person host = hostEnters(hostBrowser, meeting);
    Person waiting = guest(meeting, "Minh");
    waiting.socket.abort();
    SignalingClient again = socket(waiting.browser);
    again.send("resume", "v", 1, "token", waiting.resumeToken);
    JsonNode w = again.await("waiting");
    assertThat(w.path("participantId").asString()).isEqualTo(waiting.id);
    assertThat(w.path("reason").asString()).isEqualTo("WAITING_ROOM");
    host.send("admit", "participant", waiting.id);
    assertThat(again.await("welcome").path("you").path("id").asString()).isEqualTo(waiting.id);
  }

  // ---- helpers ----

  private static String chatOfLength(int length) {
    String head = "{\"type\":\"chat\",\"text\":\"";
    return head + "x".repeat(length - head.length() - 2) + "\"}";
  }

  private double refused(String reason) {
    var counter = metrics.find("conclave.signaling.frames.refused").tag("reason", reason).counter();
    return counter == null ? 0 : counter.count();
  }

  private static void assertHandshakeRefused(Browser b, String origin) {
    assertThatThrownBy(() -> b.socket(origin).close())
        .as("Origin %s", origin)
        .satisfies(
            e -> {
              Throwable c = e;
              while (c != null && !(c instanceof WebSocketHandshakeException)) {
                c = c.getCause();
              }
              assertThat(c).as("a refused handshake, got %s", e).isNotNull();
              assertThat(((WebSocketHandshakeException) c).getResponse().statusCode())
                  .isEqualTo(403);
            });
  }
}
