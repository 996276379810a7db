package org.conclave.media.sfu;

import static org.assertj.core.api.Assertions.assertThat;

import org.conclave.media.sdp.MediaDescription;
import org.conclave.media.sdp.Sdp;
import org.conclave.media.sdp.SessionDescription;
import org.junit.jupiter.api.Test;

/**
 * Reading a video m-line's simulcast encodings (RFC 8853, RFC 8851) and the answer's transport-cc.
 */
class NegotiationSimulcastTest {

  private static MediaDescription video(String... attributes) {
    StringBuilder b =
        new StringBuilder("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n")
            .append("m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\n");
    for (String a : attributes) {
      b.append("a=").append(a).append("\r\n");
    }
    return Sdp.parse(b.toString()).media().get(0);
  }

  @Test
  void theEncodingsAreTheDeclaredRidsInTheSimulcastOrder() {
    MediaDescription m = video("rid:q send", "rid:h send", "rid:f send", "simulcast:send q;h;f");
    assertThat(Negotiation.simulcastRids(m)).containsExactly("q", "h", "f");
  }

  @Test
  void theFirstOfEachSetOfAlternativesIsTakenAndAPausedOneCounts() {
    MediaDescription m = video("rid:a send", "rid:b send", "rid:c send", "simulcast:send a,b;~c");
    assertThat(Negotiation.simulcastRids(m)).containsExactly("a", "c");
  }

  @Test
  void undeclaredOrReceiveRidsAreLeftOutAndAtMostThreeAreTaken() {
    MediaDescription m =
        video(
            "rid:1 send",
            "rid:2 send",
            "rid:3 send",
            "rid:4 send",
            "rid:x recv",
            "simulcast:send 1;x;y;2;3;4");
    assertThat(Negotiation.simulcastRids(m)).containsExactly("1", "2", "3");
  }

  @Test
  void oneEncodingOrNoSimulcastAttributeIsNoSimulcast() {
    assertThat(Negotiation.simulcastRids(video("rid:q send", "simulcast:send q"))).isEmpty();
    assertThat(Negotiation.simulcastRids(video("rid:q send", "rid:h send"))).isEmpty();
  }

  @Test
  void ridsThatAreNotTokensAreRefused() {
    MediaDescription m =
        video("rid:q<x send", "rid:h send", "rid:f send", "simulcast:send q<x;h;f");
    assertThat(Negotiation.simulcastRids(m)).containsExactly("h", "f");
  }

  @Test
  void transportCcIsOnWhenEveryReceivingLineAcceptedOurExtensionInactiveOnesAside() {
    String header = "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n";
    String twcc =
        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n";
    SessionDescription accepted =
        Sdp.parse(
            header
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=recvonly\r\n"
                + twcc
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=inactive\r\n");
    SessionDescription refused =
        Sdp.parse(
            header
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=recvonly\r\n"
                + twcc
                + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=recvonly\r\n");
    assertThat(Negotiation.acceptsTransportCc(accepted)).isTrue();
    assertThat(Negotiation.acceptsTransportCc(refused)).isFalse();
  }
}
