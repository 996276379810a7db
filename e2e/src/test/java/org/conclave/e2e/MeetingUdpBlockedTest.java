package org.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Participants behind a firewall that blocks UDP. This class runs in its own JVM inside a network
 * namespace where nftables drops every UDP datagram (Surefire's {@code udp-blocked} execution,
 * {@code src/test/udp-blocked-jvm}): the application, its media server and the browsers are all in
 * there, so media can only go over ICE-TCP on the media port.
 */
@Tag("udp-blocked")
class MeetingUdpBlockedTest extends MeetingMediaSteps {

  @BeforeAll
  static void insideANetworkWithoutUdp() {
    String problem = System.getenv("CONCLAVE_UDP_BLOCKED_PROBLEM");
    if (problem != null) {
      if (System.getenv("CI") != null) {
        Assertions.fail(problem);
      }
      Assumptions.abort(problem);
    }
    assertThatThrownBy(
            () -> {
              try (DatagramSocket s = new DatagramSocket()) {
                s.send(new DatagramPacket(new byte[1], 1, new InetSocketAddress("127.0.0.1", 9)));
              }
            })
        .as("UDP is blocked in this test's network")
        .isInstanceOf(IOException.class);
  }

  @Test
  void withUdpBlockedBrowsersStillSeeAndHearEachOtherOverTcp() {
    List<Person> people = inside("Lý Hoa");
    Person host = people.get(0);
    Person guest = people.get(1);

    awaitRising(host, guest, "camera", "framesDecoded");
    awaitRising(guest, host, "camera", "framesDecoded");
    awaitRising(host, guest, "microphone", "samplesFromPackets");
    awaitRising(guest, host, "microphone", "samplesFromPackets");
    for (Person p : people) {
      assertThat(selectedLocalCandidate(p, "publishPc")).containsEntry("protocol", "tcp");
      assertThat(selectedLocalCandidate(p, "subscribePc")).containsEntry("protocol", "tcp");
    }
  }
}
