package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.conclave.media.MediaNode;
import org.conclave.media.PeerStats;
import org.conclave.media.TrackSource;
import org.conclave.server.room.RoomRouter;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Media through the whole product: three headless Chromium participants (fake camera and
 * microphone) enter a meeting through the meeting page, and their audio and video go through our
 * SFU. Each remote stream is judged from the receiving page's own {@code getStats()} ({@code
 * framesDecoded}, audio samples received from packets), and the SFU's own counters say what it
 * forwarded and refused.
 */
class MeetingMediaRoomTest extends MeetingMediaSteps {

  @Autowired MediaNode media;
  @Autowired RoomRouter rooms;

  @Test
  void everyParticipantDecodesEveryOtherParticipantsVideoAndAudio() {
    List<Person> people = threeInside();
    for (Person receiver : people) {
      for (Person sender : people) {
        if (sender != receiver) {
          awaitRising(receiver, sender, "camera", "framesDecoded");
          awaitRising(receiver, sender, "microphone", "samplesFromPackets");
        }
      }
      assertThat(
              receiver
                  .chrome()
                  .script("return window.__conclaveMedia.tiles().filter(t => t.video).length"))
          .as("tiles showing video on %s's page", receiver.name())
          .isEqualTo(3L);
    }
    people.get(2).chrome().screenshot("en-room-three-people-media");
  }

  @Test
  void afterAHardMuteTheOthersStopReceivingThatParticipantsAudioWithinOneSecond() throws Exception {
    List<Person> people = threeInside();
    Person host = people.get(0);
    Person muted = people.get(1);
    Person listener = people.get(2);
    awaitRising(listener, muted, "microphone", "samplesFromPackets");
    // A modified page: its microphone cannot be switched off, so it keeps sending sound.
    muted.chrome().script(KEEP_THE_MICROPHONE_ON);

    hostActsOn(host, muted, "mute");
    long mutedAt = System.nanoTime();
    // Within one second of the host's click the forwarding has stopped ...
    Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - mutedAt) / 1_000_000));
    long samples = value(listener, muted, "microphone", "samplesFromPackets");
    long packets = value(listener, muted, "microphone", "packetsReceived");
    long refused = peerStats(muted).refusedFrom().getOrDefault(TrackSource.MICROPHONE, 0L);
    // ... and nothing more arrives from then on, although the page still sends.
    Thread.sleep(2000);
    assertThat((Boolean) muted.chrome().script(MICROPHONE_STILL_SENT))
        .as("the page still sends its microphone")
        .isTrue();
    assertThat(value(listener, muted, "microphone", "packetsReceived"))
        .as("audio packets from the muted participant")
        .isEqualTo(packets);
    assertThat(value(listener, muted, "microphone", "samplesFromPackets"))
        .as("audio samples from packets of the muted participant")
        .isEqualTo(samples);
    assertThat(peerStats(muted).refusedFrom().getOrDefault(TrackSource.MICROPHONE, 0L))
        .as("microphone packets the SFU refused after the mute")
        .isGreaterThan(refused);
    // The others still hear each other.
    awaitRising(listener, host, "microphone", "samplesFromPackets");
  }

  /** Makes the page's microphone impossible to disable, as a client modified to ignore mutes. */
  private static final String KEEP_THE_MICROPHONE_ON =
      """
      const d = Object.getOwnPropertyDescriptor(MediaStreamTrack.prototype, 'enabled');
      Object.defineProperty(MediaStreamTrack.prototype, 'enabled', {
        configurable: true,
        get() { return d.get.call(this); },
        set(v) { if (this.kind !== 'audio') d.set.call(this, v); },
      });
      const replace = RTCRtpSender.prototype.replaceTrack;
      RTCRtpSender.prototype.replaceTrack = function (t) {
        return this.track && this.track.kind === 'audio' ? Promise.resolve() : replace.call(this, t);
      };
      """;

  private static final String MICROPHONE_STILL_SENT =
      """
      const pc = window.__conclaveMedia && window.__conclaveMedia.publishPc;
      return !!pc && pc.getSenders().some(s => s.track && s.track.kind === 'audio'
        && s.track.enabled && s.track.readyState === 'live');
      """;

  @Test
  void aScreenSentWithoutTheGrantIsDroppedInTheSfuAndReachesNobody() throws Exception {
    List<Person> people = threeInside();
    Person host = people.get(0);
    Person sharer = people.get(1);
    Person viewer = people.get(2);
    hostActsOn(host, sharer, "allowShare");
    waitUntilMayShare(sharer, true);
    // A modified page: it will not stop its screen track or take it off the connection, whatever
    // the room says.
    sharer.chrome().script(KEEP_SENDING_THE_SCREEN);
    startScreen(sharer);
    awaitRising(viewer, sharer, "screen", "framesDecoded");

    hostActsOn(host, sharer, "withdrawShare");
    waitUntilMayShare(sharer, false);
    long withdrawnAt = System.nanoTime();
    Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - withdrawnAt) / 1_000_000));
    long frames = value(viewer, sharer, "screen", "framesDecoded");
    long packets = value(viewer, sharer, "screen", "packetsReceived");
    long forwarded = peerStats(sharer).forwardedFrom().getOrDefault(TrackSource.SCREEN, 0L);
    long refused = peerStats(sharer).refusedFrom().getOrDefault(TrackSource.SCREEN, 0L);
    Thread.sleep(3000);

    assertThat((Boolean) sharer.chrome().script(SCREEN_STILL_SENT))
        .as("the page still sends its screen")
        .isTrue();
    assertThat(peerStats(sharer).refusedFrom().getOrDefault(TrackSource.SCREEN, 0L))
        .as("screen packets the SFU refused")
        .isGreaterThan(refused);
    assertThat(peerStats(sharer).forwardedFrom().getOrDefault(TrackSource.SCREEN, 0L))
        .as("screen packets the SFU forwarded after the grant was withdrawn")
        .isEqualTo(forwarded);
    assertThat(value(viewer, sharer, "screen", "packetsReceived")).isEqualTo(packets);
    assertThat(value(viewer, sharer, "screen", "framesDecoded")).isEqualTo(frames);
    // Camera and microphone of the same person still flow.
    awaitRising(viewer, sharer, "camera", "framesDecoded");
  }

  /**
   * Makes the page's screen track (marked by the getDisplayMedia stand-in) impossible to stop or
   * replace, as a client modified to keep sharing would be.
   */
  private static final String KEEP_SENDING_THE_SCREEN =
      """
      const stop = MediaStreamTrack.prototype.stop;
      MediaStreamTrack.prototype.stop = function () { if (!this.__keep) stop.call(this); };
      const replace = RTCRtpSender.prototype.replaceTrack;
      RTCRtpSender.prototype.replaceTrack = function (t) {
        return this.track && this.track.__keep ? Promise.resolve() : replace.call(this, t);
      };
      window.__keepScreen = true;
      """;

  private static final String SCREEN_STILL_SENT =
      """
      const pc = window.__conclaveMedia && window.__conclaveMedia.publishPc;
      return !!pc && pc.getSenders().some(s => s.track && s.track.__keep && s.track.readyState === 'live');
      """;

  @Test
  void aPermittedScreenShareReachesEveryone() throws Exception {
    List<Person> people = threeInside();
    Person host = people.get(0);
    Person sharer = people.get(1);
    hostActsOn(host, sharer, "allowShare");
    waitUntilMayShare(sharer, true);
    startScreen(sharer);
    for (Person receiver : List.of(host, people.get(2))) {
      awaitRising(receiver, sharer, "screen", "framesDecoded");
    }
    assertThat(peerStats(sharer).forwardedFrom().getOrDefault(TrackSource.SCREEN, 0L))
        .isGreaterThan(0);
  }

  @Test
  void someoneInTheWaitingRoomHasNoTransportInTheSfu() {
    Chrome hostChrome = hostBrowser("en-US");
    Meeting meeting = createMeeting(hostChrome);
    hostEnters(hostChrome, meeting);
    Chrome guest = chrome("en-US");
    guestAsks(guest, meeting, "Vũ Hà", meeting.passcode());
    waitForState(guest, "waiting");
    String waitingId = (String) guest.script(ownIdScript("waiting", "participantId"));

    String mediaRoom = rooms.snapshot(meeting.id()).orElseThrow().mediaRoomId();
    assertThat(media.peerStats(mediaRoom, waitingId)).as("no media peer while waiting").isEmpty();
    assertThat(media.allPeerStats()).extracting(p -> p.peerId()).doesNotContain(waitingId);
  }

  @Test
  void aParticipantWhoseBrowserIsKilledLeavesTheRoomAndTheSfuWithinTheConsentTimeout()
      throws Exception {
    List<Person> people = threeInside();
    Person host = people.get(0);
    Person killed = people.get(1);
    Person other = people.get(2);
    String mediaRoom = mediaRoomOf(host);
    assertThat(media.peerStats(mediaRoom, killed.id())).isPresent();

    killed.chrome().kill();
    long killedAt = System.nanoTime();

    // Gone from the room (the others' rosters) and from the SFU, within the consent timeout
    // (BrowserTest sets it to 6 s) plus the one-second consent timer and the room's hand-off.
    host.chrome()
        .waiting()
        .until(
            d ->
                d.findElements(
                        By.cssSelector(
                            "[data-testid=participant][data-participant-id='" + killed.id() + "']"))
                    .isEmpty());
    assertThat(media.peerStats(mediaRoom, killed.id())).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(20));
    // The others continue.
    awaitRising(host, other, "camera", "framesDecoded");
    awaitRising(other, host, "microphone", "samplesFromPackets");
  }

  // ---- steps ----

  private void hostActsOn(Person host, Person target, String action) {
    openPanel(host.chrome(), "participants");
    participant(host.chrome(), target.name())
        .findElement(By.cssSelector("[data-testid=participant-menu]"))
        .click();
    visible(host.chrome(), "[data-action=" + action + "]").click();
  }

  private static void waitUntilMayShare(Person p, boolean may) {
    p.chrome()
        .waiting()
        .until(
            d ->
                Boolean.TRUE.equals(
                    p.chrome()
                        .script(
                            "const f = (window.__conclaveFrames || []).map(x => JSON.parse(x.json))"
                                + ".filter(x => x.type === 'participantUpdated'"
                                + " && x.participant.id === arguments[0]);"
                                + " return f.length > 0"
                                + " && f[f.length - 1].participant.mayShareScreen === arguments[1];",
                            p.id(),
                            may)));
  }

  /** Starts sharing through the page's own button, with a canvas standing in for the screen. */
  private static void startScreen(Person p) {
    p.chrome().script(CANVAS_DISPLAY_MEDIA);
    p.chrome().driver().findElement(By.cssSelector("#tb-share")).click();
  }

  /** getDisplayMedia answered by a moving canvas (headless Chromium has no screen to pick). */
  private static final String CANVAS_DISPLAY_MEDIA =
      """
      navigator.mediaDevices.getDisplayMedia = async () => {
        const c = document.createElement('canvas');
        c.width = 640; c.height = 360;
        const g = c.getContext('2d');
        let n = 0;
        setInterval(() => { g.fillStyle = `hsl(${(n++ * 7) % 360} 70% 50%)`; g.fillRect(0, 0, 640, 360);
          g.fillStyle = '#fff'; g.fillText(String(n), 20 + n % 500, 180); }, 50);
        const stream = c.captureStream(20);
        stream.getVideoTracks()[0].__keep = !!window.__keepScreen;
        return stream;
      };
      """;

  private String mediaRoomOf(Person host) {
    String id = host.id();
    return media.allPeerStats().stream()
        .filter(p -> p.peerId().equals(id))
        .findFirst()
        .orElseThrow()
        .roomId();
  }

  private PeerStats peerStats(Person p) {
    return media.allPeerStats().stream()
        .filter(s -> s.peerId().equals(p.id()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no media peer for " + p.name()))
        .stats();
  }
}
