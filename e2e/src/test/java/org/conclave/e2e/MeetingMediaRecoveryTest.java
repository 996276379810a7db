package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Automatic recovery after a network change, through the whole product and our SFU: the test cuts
 * the network ({@link UdpRelay}) and brings it back with every browser arriving from a new address.
 * The server keeps the participants' transports (30 s consent timeout), so the pages must find
 * their way back by ICE restart.
 */
class MeetingMediaRecoveryTest extends RelayedMediaTest {

  @Test
  void afterANetworkChangeMediaComesBackByItselfWithoutTheWaitingRoom() {
    List<Person> people = inside("Phạm Lan");
    Person host = people.get(0);
    Person guest = people.get(1);
    awaitRising(host, guest, "camera", "framesDecoded");
    awaitRising(guest, host, "camera", "framesDecoded");
    String ufrag = publishUfrag(guest);
    long waitingFrames = frameCount(guest, "waiting");
    long welcomeFrames = frameCount(guest, "welcome");

    relay.cut();
    // The cut is real: nothing arrives any more.
    sleep(1500);
    long frames = value(host, guest, "camera", "framesDecoded");
    sleep(1500);
    assertThat(value(host, guest, "camera", "framesDecoded"))
        .as("frames from the guest while the network is cut")
        .isEqualTo(frames);

    // The page notices by itself and restarts ICE (new credentials in its offer).
    new WebDriverWait(guest.chrome().driver(), Duration.ofSeconds(40))
        .until(d -> !ufrag.equals(publishUfrag(guest)));
    relay.restoreFromNewAddresses();

    awaitRising(host, guest, "camera", "framesDecoded");
    awaitRising(guest, host, "camera", "framesDecoded");
    awaitRising(host, guest, "microphone", "samplesFromPackets");
    awaitRising(guest, host, "microphone", "samplesFromPackets");
    // The same people in the same room: nobody went back through the waiting room.
    for (Person p : people) {
      assertThat(p.chrome().script("return document.documentElement.dataset.meetingState"))
          .isEqualTo("room");
      assertThat(ownId(p.chrome())).isEqualTo(p.id());
    }
    assertThat(frameCount(guest, "waiting")).isEqualTo(waitingFrames);
    assertThat(frameCount(guest, "welcome")).isEqualTo(welcomeFrames);
  }

  /** The ICE username fragment of the page's publish connection. */
  private static String publishUfrag(Person p) {
    return (String)
        p.chrome()
            .script(
                "const d = window.__conclaveMedia.publishPc.localDescription;"
                    + " const m = d && /a=ice-ufrag:(\\S+)/.exec(d.sdp); return m ? m[1] : '';");
  }

  private static long frameCount(Person p, String type) {
    return frames(p.chrome()).stream().filter(f -> type.equals(f.get("type"))).count();
  }
}
