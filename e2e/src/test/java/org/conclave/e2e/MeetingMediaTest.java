package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * Audio and video on the meeting page, with the API and the signaling socket stubbed in the page
 * (see {@link MeetingClientTest#STUB}) and Chromium's fake camera and microphone: the pre-join
 * preview and device choice, what the page offers and tells the room, the grid's pages and active
 * speaker, screen sharing refused, and — with a loopback peer in the page standing in for the SFU —
 * real media both ways, connection quality and ICE restart. Media through the real SFU is tested
 * elsewhere; these tests pin down the browser's side of the media contract.
 */
class MeetingMediaTest extends BrowserTest {

  /**
   * A stand-in for the SFU, in the page: answers publishOffer with a real answer (candidates
   * included, as the server's are) when window.__fakeSfu.answerPublishes is set, and makes a real
   * subscribeOffer carrying the fake camera and microphone for the given participant ids.
   */
  private static final String FAKE_SFU =
      """
      (() => {
        const gathered = (pc) => new Promise((resolve) => {
          if (pc.iceGatheringState === 'complete') { resolve(); return; }
          pc.addEventListener('icegatheringstatechange', () => {
            if (pc.iceGatheringState === 'complete') { resolve(); }
          });
        });
        const sfu = window.__fakeSfu = { sub: null, pub: null, answerPublishes: false };
        sfu.answerPublish = async (frame) => {
          const pc = sfu.pub = sfu.pub || new RTCPeerConnection();
          await pc.setRemoteDescription({ type: 'offer', sdp: frame.sdp });
          await pc.setLocalDescription(await pc.createAnswer());
          await gathered(pc);
          window.__deliver({ type: 'publishAnswer', sdp: pc.localDescription.sdp });
        };
        sfu.offerSubscribe = async (people) => {
          const pc = sfu.sub = new RTCPeerConnection();
          const tracks = [];
          for (const id of people) {
            const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
            const a = pc.addTransceiver(stream.getAudioTracks()[0], { direction: 'sendonly' });
            const v = pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly' });
            tracks.push([a, id, 'microphone'], [v, id, 'camera']);
          }
          await pc.setLocalDescription(await pc.createOffer());
          await gathered(pc);
          window.__deliver({ type: 'subscribeOffer', sdp: pc.localDescription.sdp,
            tracks: tracks.map(([t, id, source]) => ({ mid: t.mid, participantId: id, source })) });
        };
        window.__onSent = (frame) => {
          if (frame.type === 'publishOffer' && sfu.answerPublishes) { sfu.answerPublish(frame); }
          if (frame.type === 'subscribeAnswer' && sfu.sub) {
            sfu.sub.setRemoteDescription({ type: 'answer', sdp: frame.sdp });
          }
        };
      })();
      """;

  private static String person(String id, String name, String role, String more) {
    return ("{ id: '%s', name: '%s', role: '%s', arrival: 'GUEST', audio: true, video: false,"
            + " screen: false, mayShareScreen: false, handRaised: false, connected: true %s }")
        .formatted(id, name, role, more);
  }

  private static String welcome(String you, List<String> others) {
    return "{ type: 'welcome', v: 1, you: %s, resumeToken: 'resume-1', room: %s, participants: [%s], waiting: [] }"
        .formatted(you, MeetingClientTest.ROOM, String.join(",", others));
  }

  private static final String ME = person("p-me", "Lê Minh", "PARTICIPANT", "");

  private Chrome meetingPage(String language, String config, String... scripts) {
    Chrome chrome = chrome(language, 1280, 900);
    chrome.beforeEveryPage(MeetingClientTest.STUB.formatted(config) + String.join("\n", scripts));
    open(chrome, "/j/abcd-efgh-jkmn#k=secret");
    waitForState(chrome, "prejoin");
    return chrome;
  }

  private static void waitForState(Chrome chrome, String state) {
    chrome
        .waiting()
        .until(
            d ->
                state.equals(
                    chrome.script("return document.documentElement.dataset.meetingState")));
  }

  private void join(Chrome chrome) {
    visible(chrome, "#display-name").clear();
    chrome.driver().findElement(By.id("display-name")).sendKeys("Lê Minh");
    chrome.driver().findElement(By.id("join")).click();
    waitForState(chrome, "room");
  }

  private static void waitForPreview(Chrome chrome) {
    chrome
        .waiting()
        .until(
            d ->
                Boolean.TRUE.equals(
                    chrome.script(
                        "const v = document.getElementById('preview');"
                            + " return v.readyState >= 2 && v.videoWidth > 0 && !v.paused")));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> sentOfType(Chrome chrome, String type) {
    return (List<Map<String, Object>>)
        chrome.script("return window.__sent.filter(f => f.type === arguments[0])", type);
  }

  private static Map<String, Object> waitForSent(Chrome chrome, String type) {
    chrome.waiting().until(d -> !sentOfType(chrome, type).isEmpty());
    return sentOfType(chrome, type).get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> tiles(Chrome chrome) {
    return (List<Map<String, Object>>) chrome.script("return window.__conclaveMedia.tiles()");
  }

  private static void deliver(Chrome chrome, String frame) {
    chrome.script("window.__deliver(" + frame + ")");
  }

  @Test
  void prejoinPreviewShowsTheCameraAndTheMicrophoneLevel() {
    Chrome chrome = meetingPage("en-US", "{}");

    waitForPreview(chrome);
    assertThat(
            chrome.script(
                "return document.getElementById('preview').srcObject.getVideoTracks()[0].readyState"))
        .isEqualTo("live");
    chrome
        .waiting()
        .until(
            d ->
                ((Number) chrome.script("return document.getElementById('mic-level').value"))
                        .doubleValue()
                    > 0.001);
    Select cameras = new Select(visible(chrome, "#pick-camera"));
    assertThat(cameras.getOptions()).extracting(o -> o.getText()).hasSize(2);
    assertThat(new Select(visible(chrome, "#pick-microphone")).getOptions()).isNotEmpty();
    chrome.screenshot("stubbed-en-prejoin-preview");
  }

  @Test
  void chosenDevicesAreRememberedAcrossVisits() {
    Chrome chrome = meetingPage("en-US", "{}");
    waitForPreview(chrome);
    Select cameras = new Select(visible(chrome, "#pick-camera"));
    String second = cameras.getOptions().get(1).getDomAttribute("value");
    cameras.selectByIndex(1);
    chrome
        .waiting()
        .until(
            d ->
                second.equals(
                    chrome.script(
                        "const v = document.getElementById('preview').srcObject;"
                            + " return v && v.getVideoTracks()[0].getSettings().deviceId")));

    open(chrome, "/j/abcd-efgh-jkmn#k=secret");
    waitForPreview(chrome);

    assertThat(
            chrome.script(
                "return document.getElementById('preview').srcObject.getVideoTracks()[0]"
                    + ".getSettings().deviceId"))
        .isEqualTo(second);
    assertThat(
            new Select(visible(chrome, "#pick-camera"))
                .getFirstSelectedOption()
                .getDomAttribute("value"))
        .isEqualTo(second);
    assertThat(
            chrome.script(
                "return Object.keys(JSON.parse(localStorage.getItem('conclave.media-devices')))"))
        .isEqualTo(List.of("camera"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void joiningWithTheCameraOffSaysSoAndOffersTheCameraWithoutATrack() {
    Chrome chrome = meetingPage("en-US", "{ on_hello: [ " + welcome(ME, List.of()) + " ] }");
    waitForPreview(chrome);
    visible(chrome, "#pj-camera").click();
    assertThat(chrome.driver().findElement(By.id("pj-camera")).getDomAttribute("aria-pressed"))
        .isEqualTo("false");
    assertThat(visible(chrome, "#preview-off").getText()).isEqualTo("Your camera is off");

    join(chrome);

    assertThat(waitForSent(chrome, "setOwnMedia"))
        .isEqualTo(Map.of("type", "setOwnMedia", "audio", true, "video", false));
    Map<String, Object> offer = waitForSent(chrome, "publishOffer");
    assertThat((List<Map<String, Object>>) offer.get("tracks"))
        .containsExactly(
            Map.of("mid", "0", "source", "microphone"), Map.of("mid", "1", "source", "camera"));
    String sdp = (String) offer.get("sdp");
    assertThat(sdp.lines().filter(l -> l.startsWith("m="))).hasSize(2);
    assertThat(sdp).doesNotContain("a=candidate");
    assertThat(
            chrome.script(
                "return window.__conclaveMedia.publishPc.getTransceivers()"
                    + ".map(t => [t.mid, t.direction, t.sender.track && t.sender.track.kind])"))
        .isEqualTo(
            List.of(List.of("0", "sendonly", "audio"), Arrays.asList("1", "sendonly", null)));
    assertThat(tiles(chrome))
        .containsExactly(
            Map.of(
                "participantId",
                "p-me",
                "source",
                "camera",
                "where",
                "grid",
                "video",
                false,
                "speaking",
                false));
  }

  @Test
  void withoutPermissionThePageSaysSoAndStillJoins() {
    Chrome chrome =
        meetingPage(
            "vi",
            "{ on_hello: [ " + welcome(ME, List.of()) + " ] }",
            "navigator.mediaDevices.getUserMedia = () =>"
                + " Promise.reject(new DOMException('refused', 'NotAllowedError'));");

    assertThat(visible(chrome, "[data-testid=media-message]").getText())
        .startsWith("Trình duyệt đang chặn camera và micrô. Bạn vẫn vào họp được.");
    join(chrome);

    assertThat(waitForSent(chrome, "setOwnMedia"))
        .isEqualTo(Map.of("type", "setOwnMedia", "audio", false, "video", false));
    assertThat(waitForSent(chrome, "publishOffer")).containsKey("sdp");
  }

  @Test
  void bigRoomsArePagedAndTheActiveSpeakerIsOutlined() {
    List<String> others =
        java.util.stream.IntStream.rangeClosed(2, 12)
            .mapToObj(i -> person("p-" + i, "Người " + i, "PARTICIPANT", ""))
            .toList();
    Chrome chrome = meetingPage("en-US", "{ on_hello: [ " + welcome(ME, others) + " ] }");
    join(chrome);

    assertThat(tiles(chrome))
        .extracting(t -> t.get("participantId"))
        .containsExactly("p-me", "p-2", "p-3", "p-4", "p-5", "p-6", "p-7", "p-8", "p-9");
    assertThat(visible(chrome, "#page-status").getText()).isEqualTo("Page 1 of 2");
    assertThat(chrome.driver().findElement(By.id("page-previous")).isEnabled()).isFalse();
    visible(chrome, "#page-next").click();
    assertThat(tiles(chrome))
        .extracting(t -> t.get("participantId"))
        .containsExactly("p-10", "p-11", "p-12");
    assertThat(visible(chrome, "#page-status").getText()).isEqualTo("Page 2 of 2");

    deliver(chrome, "{ type: 'speaker', participantId: 'p-11' }");
    chrome
        .waiting()
        .until(
            d ->
                Boolean.TRUE.equals(
                    chrome.script(
                        "return document.querySelector('[data-participant-id=\"p-11\"]').dataset.speaking === 'true'")));
    assertThat(tiles(chrome))
        .filteredOn(t -> Boolean.TRUE.equals(t.get("speaking")))
        .extracting(t -> t.get("participantId"))
        .containsExactly("p-11");
    assertThat(visible(chrome, "[data-participant-id=p-11] [data-testid=speaking]").getText())
        .isEqualTo("Speaking");
    chrome.screenshot("stubbed-en-room-page-2-speaker");

    deliver(chrome, "{ type: 'speaker' }");
    chrome
        .waiting()
        .until(d -> tiles(chrome).stream().noneMatch(t -> Boolean.TRUE.equals(t.get("speaking"))));
  }

  @Test
  void refusedScreenShareOffersToAskTheHost() {
    String me = person("p-me", "Lê Minh", "PARTICIPANT", ", mayShareScreen: true");
    Chrome chrome =
        meetingPage(
            "vi",
            "{ on_hello: [ "
                + welcome(me, List.of())
                + " ], on_shareScreen: [ { type: 'error', code: 'share-forbidden',"
                + " command: 'shareScreen', message: 'Ask a host.' } ] }");
    join(chrome);
    assertThat(visible(chrome, "#tb-share").getText()).isEqualTo("Chia sẻ màn hình");

    visible(chrome, "#tb-share").click();

    assertThat(visible(chrome, "[data-testid=share-refused]").getText())
        .contains("bạn cần người chủ trì cho phép mới chia sẻ được màn hình");
    assertThat(waitForSent(chrome, "shareScreen"))
        .isEqualTo(Map.of("type", "shareScreen", "on", true));
    chrome
        .waiting()
        .until(
            d ->
                Boolean.TRUE.equals(
                    chrome.script(
                        "const s = window.__conclaveMedia.publishPc.getTransceivers()[2];"
                            + " return !!s && s.sender.track === null")));
    visible(chrome, "[data-testid=ask-host]").click();
    assertThat(waitForSent(chrome, "requestScreenShare"))
        .isEqualTo(Map.of("type", "requestScreenShare"));
    assertThat(visible(chrome, "[data-testid=share-requested]").getText())
        .isEqualTo("Bạn đã xin người chủ trì cho phép chia sẻ màn hình.");
  }

  @Test
  void hostMuteSilencesTheMicrophoneHereAndSaysWhy() {
    Chrome chrome = meetingPage("en-US", "{ on_hello: [ " + welcome(ME, List.of()) + " ] }");
    waitForPreview(chrome);
    join(chrome);
    waitForSent(chrome, "publishOffer");
    assertThat(
            chrome.script("return window.__conclaveMedia.publishPc.getSenders()[0].track.enabled"))
        .isEqualTo(true);

    deliver(
        chrome,
        "{ type: 'participantUpdated', participant: Object.assign(" + ME + ", { audio: false }) }");

    assertThat(visible(chrome, "[data-testid=host-muted]").getText())
        .contains("A host turned off your microphone.");
    assertThat(
            chrome.script("return window.__conclaveMedia.publishPc.getSenders()[0].track.enabled"))
        .isEqualTo(false);
    assertThat(visible(chrome, "#tb-mic").getDomAttribute("aria-pressed")).isEqualTo("false");
  }

  @Test
  @SuppressWarnings("unchecked")
  void mediaFlowsBothWaysWithALoopbackPeerAndTheQualityIsShown() {
    String other = person("p-2", "Trần Bình", "PARTICIPANT", ", video: true");
    Chrome chrome =
        meetingPage(
            "en-US",
            "{ on_hello: [ " + welcome(ME, List.of(other)) + " ] }",
            FAKE_SFU,
            "window.__fakeSfu.answerPublishes = true;");
    waitForPreview(chrome);
    join(chrome);
    deliver(
        chrome,
        "{ type: 'participantUpdated', participant: Object.assign(" + ME + ", { video: true }) }");
    chrome.script("window.__fakeSfu.offerSubscribe(['p-2'])");

    chrome
        .waiting()
        .until(
            d -> {
              List<Map<String, Object>> stats =
                  (List<Map<String, Object>>)
                      ((org.openqa.selenium.JavascriptExecutor) d)
                          .executeAsyncScript(
                              "window.__conclaveMedia.stats().then(arguments[arguments.length - 1])");
              return stats.stream()
                      .anyMatch(
                          s ->
                              "camera".equals(s.get("source"))
                                  && ((Number) s.get("framesDecoded")).longValue() > 10)
                  && stats.stream()
                      .anyMatch(
                          s ->
                              "microphone".equals(s.get("source"))
                                  && ((Number) s.get("totalSamplesReceived")).longValue() > 0);
            });
    assertThat(waitForSent(chrome, "subscribeAnswer")).containsKey("sdp");
    assertThat(tiles(chrome))
        .contains(
            Map.of(
                "participantId",
                "p-2",
                "source",
                "camera",
                "where",
                "grid",
                "video",
                true,
                "speaking",
                false),
            Map.of(
                "participantId",
                "p-me",
                "source",
                "camera",
                "where",
                "grid",
                "video",
                true,
                "speaking",
                false));
    assertThat(chrome.script("return document.querySelector('#remote-audio audio').dataset.key"))
        .isEqualTo("p-2:microphone");
    chrome
        .waiting()
        .until(
            d ->
                ((Number)
                            ((org.openqa.selenium.JavascriptExecutor) d)
                                .executeAsyncScript(
                                    "const done = arguments[arguments.length - 1];"
                                        + " window.__fakeSfu.pub.getStats().then(r => { let n = 0;"
                                        + " r.forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video')"
                                        + " n = s.framesDecoded || 0; }); done(n); })"))
                        .longValue()
                    > 10);
    chrome
        .waiting()
        .until(
            d ->
                "good"
                    .equals(visible(chrome, "#badge-connection").getDomAttribute("data-quality")));
    assertThat(visible(chrome, "#badge-connection").getText()).startsWith("Good connection");
    assertThat(chrome.driver().findElement(By.id("badge-connection")).getDomAttribute("title"))
        .matches("Round trip \\d+ ms · packet loss [\\d.]+% · upload \\d+ kbit/s");
    chrome.screenshot("stubbed-en-room-loopback-media");

    String before = iceUfrags(chrome).get(0);
    chrome.script("window.dispatchEvent(new Event('online'))");
    waitForSent(chrome, "restartMedia");
    chrome.waiting().until(d -> iceUfrags(chrome).size() > 1);
    assertThat(iceUfrags(chrome).get(iceUfrags(chrome).size() - 1)).isNotEqualTo(before);
  }

  @Test
  void relaysFromTheServerAreUsedAndARefusedRenewalLeavesMediaAvailable() {
    Chrome chrome =
        meetingPage(
            "en-US",
            "{ on_hello: [ " + welcome(ME, List.of()) + " ] }",
            FAKE_SFU,
            "window.__fakeSfu.answerPublishes = true;");
    waitForPreview(chrome);
    join(chrome);
    deliver(
        chrome,
        "{ type: 'iceServers', iceServers: [{ urls: ['turn:127.0.0.1:9?transport=tcp'],"
            + " username: '1700000600:p-me', credential: 'c2VjcmV0' }],"
            + " expiresAt: Date.now() + 600000 }");
    for (String pc : List.of("publishPc", "subscribePc")) {
      assertThat(
              chrome.script(
                  "return window.__conclaveMedia."
                      + pc
                      + ".getConfiguration().iceServers.map(s => s.username)"))
          .as("relays of the %s", pc)
          .isEqualTo(List.of("1700000600:p-me"));
    }

    deliver(
        chrome,
        "{ type: 'error', code: 'rate-limited', command: 'requestIceServers',"
            + " message: 'Too many frames.' }");
    chrome.script("return 0"); // the frame is handled before the next script runs
    assertThat(visible(chrome, "#badge-connection").getDomAttribute("data-quality"))
        .isNotEqualTo("unavailable");
  }

  @Test
  void videosOfPeopleOnOtherPagesAreNotAttached() {
    List<String> others =
        java.util.stream.IntStream.rangeClosed(2, 12)
            .mapToObj(i -> person("p-" + i, "Người " + i, "PARTICIPANT", ", video: true"))
            .toList();
    Chrome chrome = meetingPage("en-US", "{ on_hello: [ " + welcome(ME, others) + " ] }", FAKE_SFU);
    waitForPreview(chrome);
    join(chrome);
    chrome.script("window.__fakeSfu.offerSubscribe(['p-3', 'p-12'])");
    chrome
        .waiting()
        .until(
            d ->
                tiles(chrome).stream()
                    .anyMatch(
                        t ->
                            "p-3".equals(t.get("participantId"))
                                && Boolean.TRUE.equals(t.get("video"))));

    assertThat(tiles(chrome)).extracting(t -> t.get("participantId")).doesNotContain("p-12");
    assertThat(
            chrome.script(
                "return [...document.querySelectorAll('video.tile-video')]"
                    + ".filter(v => v.srcObject).length"))
        .isEqualTo(2L);
    assertThat(chrome.script("return document.querySelectorAll('#remote-audio audio').length"))
        .isEqualTo(2L);

    visible(chrome, "#page-next").click();
    chrome
        .waiting()
        .until(
            d ->
                tiles(chrome).stream()
                    .anyMatch(
                        t ->
                            "p-12".equals(t.get("participantId"))
                                && Boolean.TRUE.equals(t.get("video"))));
    assertThat(tiles(chrome)).extracting(t -> t.get("participantId")).doesNotContain("p-3");
  }

  @SuppressWarnings("unchecked")
  private static List<String> iceUfrags(Chrome chrome) {
    return (List<String>)
        chrome.script(
            "return window.__sent.filter(f => f.type === 'publishOffer')"
                + ".map(f => f.sdp.match(/a=ice-ufrag:(\\S+)/)[1])");
  }

  @Test
  void prejoinFitsAPhone() {
    Chrome chrome = chrome("vi", 360, 740);
    chrome.beforeEveryPage(MeetingClientTest.STUB.formatted("{}"));
    open(chrome, "/j/abcd-efgh-jkmn#k=secret");
    waitForState(chrome, "prejoin");
    waitForPreview(chrome);

    long scroll = (Long) chrome.script("return document.documentElement.scrollWidth");
    assertThat(scroll).isLessThanOrEqualTo(360);
    chrome.fullPageScreenshot("stubbed-phone-vi-prejoin");
  }
}
