package org.conclave.media.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.conclave.media.TrackSource;
import org.conclave.media.dtls.DtlsRole;
import org.conclave.media.sdp.MediaDescription;
import org.conclave.media.sdp.Sdp;
import org.conclave.media.sdp.SessionDescription;
import org.conclave.media.sdp.WebRtcSdp;
import org.conclave.media.transport.IceCredentials;
import org.junit.jupiter.api.Test;

/** The SDP a ClientPeer writes and reads, without sockets. */
class ClientSdpTest {

  private static final String FINGERPRINT =
      "sha-256 "
          + "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
          + "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

  private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 40000);

  /** Shaped as SfuNode's subscribe offers are: one video m-line with RTX, one inactive audio. */
  private static final String NODE_OFFER =
      String.join(
          "\r\n",
          "v=0",
          "o=- 1 2 IN IP4 0.0.0.0",
          "s=-",
          "t=0 0",
          "a=ice-lite",
          "a=group:BUNDLE 0 1",
          "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
          "c=IN IP4 0.0.0.0",
          "a=ice-ufrag:nodeufra",
          "a=ice-pwd:0123456789abcdefghijklmnopqrstuv",
          "a=fingerprint:" + FINGERPRINT,
          "a=setup:actpass",
          "a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host",
          "a=candidate:2 1 tcp 2113937151 127.0.0.1 10000 typ host tcptype passive",
          "a=mid:0",
          "a=sendonly",
          "a=rtcp-mux",
          "a=rtpmap:96 VP8/90000",
          "a=rtcp-fb:96 nack",
          "a=rtpmap:97 rtx/90000",
          "a=fmtp:97 apt=96",
          "a=msid:alice track-1",
          "a=ssrc-group:FID 1111 2222",
          "a=ssrc:1111 cname:alice",
          "a=ssrc:2222 cname:alice",
          "m=audio 9 UDP/TLS/RTP/SAVPF 111",
          "c=IN IP4 0.0.0.0",
          "a=mid:1",
          "a=inactive",
          "a=rtcp-mux",
          "a=rtpmap:111 opus/48000/2",
          "");

  @Test
  void aPublishOfferHasOneBundledSendonlyMlinePerSourceAsBrowsersWriteIt() {
    Source mic = Source.of(TrackSource.MICROPHONE);
    Source camera = Source.of(TrackSource.CAMERA);
    IceCredentials ice = IceCredentials.random();

    SessionDescription d =
        Sdp.parse(
            ClientSdp.publishOffer(7, 1, ice, FINGERPRINT, "cname", List.of(mic, camera), HOST));

    assertThat(WebRtcSdp.bundle(d)).containsExactly("0", "1");
    MediaDescription audio = d.media().get(0);
    assertThat(audio.attribute("mid")).isEqualTo("0");
    assertThat(WebRtcSdp.direction(audio)).isEqualTo("sendonly");
    assertThat(audio.has("rtcp-mux")).isTrue();
    assertThat(audio.attribute("setup")).isEqualTo("actpass");
    assertThat(WebRtcSdp.iceUfrag(d, audio)).isEqualTo(ice.ufrag());
    assertThat(WebRtcSdp.fingerprint(d, audio).text()).isEqualTo(FINGERPRINT);
    assertThat(WebRtcSdp.codecs(audio).get(0))
        .satisfies(c -> assertThat(c.payloadType()).isEqualTo(111))
        .satisfies(c -> assertThat(c.name()).isEqualTo("opus"))
        .satisfies(c -> assertThat(c.channels()).isEqualTo(2));
    assertThat(WebRtcSdp.extensions(audio))
        .extracting(WebRtcSdp.Extension::uri)
        .containsExactly(WebRtcSdp.AUDIO_LEVEL_URI, WebRtcSdp.TWCC_URI, WebRtcSdp.MID_URI);
    assertThat(WebRtcSdp.ssrcs(audio)).containsExactly(mic.ssrc());
    MediaDescription video = d.media().get(1);
    assertThat(WebRtcSdp.codecs(video).get(0).feedback())
        .containsExactly("transport-cc", "ccm fir", "nack", "nack pli");
    assertThat(WebRtcSdp.ssrcs(video)).containsExactly(camera.ssrc());
  }

  @Test
  void aPublishOfferCarriesOurUdpHostCandidateOnceInItsFirstMline() {
    SessionDescription d =
        Sdp.parse(
            ClientSdp.publishOffer(
                7,
                1,
                IceCredentials.random(),
                FINGERPRINT,
                "cname",
                List.of(Source.of(TrackSource.MICROPHONE), Source.of(TrackSource.CAMERA)),
                HOST));

    assertThat(d.media().get(0).attributes("candidate"))
        .containsExactly("1 1 udp 2130706431 127.0.0.1 40000 typ host");
    assertThat(d.media().get(0).has("end-of-candidates")).isTrue();
    assertThat(d.media().get(1).attributes("candidate")).isEmpty();
  }

  @Test
  void theNodesSideIsReadFromItsCredentialsFingerprintAndHostCandidates() {
    ClientSdp.Remote r = ClientSdp.remote(Sdp.parse(NODE_OFFER));

    assertThat(r.ufrag()).isEqualTo("nodeufra");
    assertThat(r.password()).isEqualTo("0123456789abcdefghijklmnopqrstuv");
    assertThat(r.fingerprint().text()).isEqualTo(FINGERPRINT);
    assertThat(r.udp()).isEqualTo(new InetSocketAddress("127.0.0.1", 10000));
    assertThat(r.tcp()).isEqualTo(new InetSocketAddress("127.0.0.1", 10000));
  }

  @Test
  void aDescriptionWithoutCredentialsOrCandidatesIsRefused() {
    String noPassword = NODE_OFFER.replace("a=ice-pwd:0123456789abcdefghijklmnopqrstuv\r\n", "");
    String noCandidates =
        NODE_OFFER
            .replace("a=candidate:1 1 udp 2130706431 127.0.0.1 10000 typ host\r\n", "")
            .replace(
                "a=candidate:2 1 tcp 2113937151 127.0.0.1 10000 typ host tcptype passive\r\n", "");
    String hostName = NODE_OFFER.replace("127.0.0.1 10000", "media.example 10000");

    assertThatThrownBy(() -> ClientSdp.remote(Sdp.parse(noPassword)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientSdp.remote(Sdp.parse(noCandidates)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClientSdp.remote(Sdp.parse(hostName)))
        .as("names are never looked up")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void offeredStreamsCarryTheMediaAndRtxSsrcsAndPayloadTypes() {
    List<OfferedStream> streams = ClientSdp.offeredStreams(Sdp.parse(NODE_OFFER));

    assertThat(streams)
        .containsExactly(
            new OfferedStream("0", "video", true, 96, "VP8", 97, 1111, 2222, "alice"),
            new OfferedStream("1", "audio", false, 111, "opus", -1, -1, -1, null));
  }

  @Test
  void aSubscribeAnswerReceivesEveryActiveMlineAsTheDtlsClient() {
    IceCredentials ice = IceCredentials.random();

    SessionDescription d =
        Sdp.parse(ClientSdp.subscribeAnswer(Sdp.parse(NODE_OFFER), 9, 1, ice, FINGERPRINT, HOST));

    assertThat(d.media()).extracting(m -> m.attribute("mid")).containsExactly("0", "1");
    assertThat(WebRtcSdp.direction(d.media().get(0))).isEqualTo("recvonly");
    assertThat(WebRtcSdp.direction(d.media().get(1))).isEqualTo("inactive");
    assertThat(d.media().get(0).attribute("setup")).isEqualTo("active");
    assertThat(d.media().get(0).formats()).containsExactly("96", "97");
    assertThat(WebRtcSdp.iceUfrag(d, d.media().get(0))).isEqualTo(ice.ufrag());
    assertThat(d.media().get(0).attributes("candidate"))
        .containsExactly("1 1 udp 2130706431 127.0.0.1 40000 typ host");
  }

  @Test
  void weAreTheDtlsClientTowardsANodeThatAnswersPassiveOrOffersActpass() {
    String answer = NODE_OFFER.replace("a=setup:actpass", "a=setup:passive");

    assertThat(ClientSdp.remote(Sdp.parse(NODE_OFFER)).dtlsRole()).isEqualTo(DtlsRole.CLIENT);
    assertThat(ClientSdp.remote(Sdp.parse(answer)).dtlsRole()).isEqualTo(DtlsRole.CLIENT);
  }

  @Test
  void weAreTheDtlsServerWhenTheOtherSideAnswersActiveAsJanusDoes() {
    String answer = NODE_OFFER.replace("a=setup:actpass", "a=setup:active");

    assertThat(ClientSdp.remote(Sdp.parse(answer)).dtlsRole()).isEqualTo(DtlsRole.SERVER);
  }

  @Test
  void aSubscribeAnswerToAnOfferThatIsActiveSaysPassive() {
    String offer = NODE_OFFER.replace("a=setup:actpass", "a=setup:active");

    SessionDescription d =
        Sdp.parse(
            ClientSdp.subscribeAnswer(
                Sdp.parse(offer), 9, 1, IceCredentials.random(), FINGERPRINT, null));

    assertThat(d.media().get(0).attribute("setup")).isEqualTo("passive");
  }
}
