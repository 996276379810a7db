package org.conclave.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;

/**
 * Steps for the browser tests of media through the whole product: participants inside a meeting
 * with their cameras and microphones on, and what each page receives from the others, judged from
 * the receiving page's own {@code getStats()} ({@code framesDecoded}, audio samples received from
 * packets rather than concealed).
 */
abstract class MeetingMediaSteps extends MeetingTest {

  static final Duration MEDIA_WITHIN = Duration.ofSeconds(40);

  /** A participant's page and their id in the room. */
  record Person(Chrome chrome, String id, String name) {}

  /** Per remote stream, from the receiving page: who, which source, and what arrived. */
  static final String STATS =
      """
      const done = arguments[arguments.length - 1];
      const m = window.__conclaveMedia;
      if (!m) { done([]); return; }
      m.stats().then(list => done(list), () => done([]));
      """;

  /** The host and two guests inside one meeting, microphones and cameras on. */
  List<Person> threeInside() {
    return inside("Phạm Lan", "Trần Minh");
  }

  /** The host and the named guests (admitted by the host) inside one meeting, all sending. */
  List<Person> inside(String... guests) {
    Chrome hostChrome = hostBrowser("en-US");
    Meeting meeting = createMeeting(hostChrome);
    hostEnters(hostChrome, meeting);
    List<Person> people = new ArrayList<>();
    people.add(new Person(hostChrome, ownId(hostChrome), "host"));
    for (String name : guests) {
      Chrome guest = guestBrowser();
      guestAsks(guest, meeting, name, meeting.passcode());
      waitForState(guest, "waiting");
      openPanel(hostChrome, "participants");
      knock(hostChrome, name).findElement(By.cssSelector("[data-testid=admit]")).click();
      waitForState(guest, "room");
      people.add(new Person(guest, ownId(guest), name));
    }
    for (Person p : people) {
      turnOnMicrophoneAndCamera(p);
    }
    return people;
  }

  /**
   * The local ICE candidate a page's connection ({@code publishPc} or {@code subscribePc}) uses
   * now: its {@code candidateType} (host, srflx, prflx, relay) and {@code protocol} (udp, tcp).
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> selectedLocalCandidate(Person p, String connection) {
    return (Map<String, Object>)
        p.chrome()
            .async(
                """
                const done = arguments[arguments.length - 1];
                const pc = window.__conclaveMedia[arguments[0]];
                pc.getStats().then((r) => {
                  let pair = null;
                  r.forEach((s) => {
                    if (s.type === 'transport' && s.selectedCandidatePairId) pair = r.get(s.selectedCandidatePairId);
                  });
                  const local = pair && r.get(pair.localCandidateId);
                  done(local ? { candidateType: local.candidateType, protocol: local.protocol } : {});
                });
                """,
                connection);
  }

  /** A guest's browser, before it opens the meeting (a test may prepare it). */
  Chrome guestBrowser() {
    return chrome("en-US");
  }

  /** Unmutes and starts the camera from the room's own buttons when they are off. */
  static void turnOnMicrophoneAndCamera(Person p) {
    for (String button : List.of("#tb-mic", "#tb-camera")) {
      var found = p.chrome().driver().findElements(By.cssSelector(button));
      if (!found.isEmpty() && "false".equals(found.get(0).getDomAttribute("aria-pressed"))) {
        found.get(0).click();
      }
    }
  }

  static String ownId(Chrome c) {
    return (String) c.script(ownIdScript("welcome", "you.id"));
  }

  static String ownIdScript(String type, String path) {
    return "const f = (window.__conclaveFrames || []).filter(x => x.type === '"
        + type
        + "'); if (!f.length) return null; const o = JSON.parse(f[f.length - 1].json); return o."
        + path
        + ";";
  }

  /** Waits until the value of {@code sender}'s {@code source} at {@code receiver} grows. */
  static void awaitRising(Person receiver, Person sender, String source, String field) {
    long deadline = System.nanoTime() + MEDIA_WITHIN.toNanos();
    long first = -1;
    while (System.nanoTime() < deadline) {
      long v = value(receiver, sender, source, field);
      if (first < 0 && v > 0) {
        first = v;
      } else if (first > 0 && v > first) {
        return;
      }
      sleep(300);
    }
    throw new AssertionError(
        receiver.name()
            + " never saw "
            + field
            + " of "
            + sender.name()
            + "'s "
            + source
            + " grow; stats: "
            + receiver.chrome().async(STATS));
  }

  @SuppressWarnings("unchecked")
  static long value(Person receiver, Person sender, String source, String field) {
    Object list = receiver.chrome().async(STATS);
    long sum = 0;
    for (Map<String, Object> s : (List<Map<String, Object>>) list) {
      if (sender.id().equals(s.get("participantId")) && source.equals(s.get("source"))) {
        if (field.equals("samplesFromPackets")) {
          sum += num(s.get("totalSamplesReceived")) - num(s.get("concealedSamples"));
        } else {
          sum += num(s.get(field));
        }
      }
    }
    return sum;
  }

  private static long num(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
