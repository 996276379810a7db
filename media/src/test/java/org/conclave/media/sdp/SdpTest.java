package org.conclave.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdpTest {

  /** An offer shaped like a browser's: BUNDLE, rtcp-mux, Opus, VP8 with RTX, extmap, ssrc. */
  static final String OFFER =
      String.join(
          "\r\n",
          "v=0",
          "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
          "s=-",
          "t=0 0",
          "a=group:BUNDLE 0 1",
          "a=extmap-allow-mixed",
          "a=msid-semantic: WMS",
          "m=audio 9 UDP/TLS/RTP/SAVPF 111 63",
          "c=IN IP4 0.0.0.0",
          "a=rtcp:9 IN IP4 0.0.0.0",
          "a=ice-ufrag:Ab3x",
          "a=ice-pwd:Qk7mZr2wYp9tVb4nLs8dHc1f",
          "a=ice-options:trickle",
          "a=fingerprint:sha-256 0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9",
          "a=setup:actpass",
          "a=mid:0",
          "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
          "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
          "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
          "a=sendrecv",
          "a=msid:- 6c0f3b1e",
          "a=rtcp-mux",
          "a=rtpmap:111 opus/48000/2",
          "a=rtcp-fb:111 transport-cc",
          "a=fmtp:111 minptime=10;useinbandfec=1",
          "a=rtpmap:63 red/48000/2",
          "a=fmtp:63 111/111",
          "a=ssrc:1001 cname:k3Jd8s",
          "m=video 9 UDP/TLS/RTP/SAVPF 96 97",
          "c=IN IP4 0.0.0.0",
          "a=ice-ufrag:Ab3x",
          "a=ice-pwd:Qk7mZr2wYp9tVb4nLs8dHc1f",
          "a=setup:actpass",
          "a=mid:1",
          "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
          "a=sendonly",
          "a=rtcp-mux",
          "a=rtcp-rsize",
          "a=rtpmap:96 VP8/90000",
          "a=rtcp-fb:96 goog-remb",
          "a=rtcp-fb:96 nack",
          "a=rtcp-fb:96 nack pli",
          "a=rtpmap:97 rtx/90000",
          "a=fmtp:97 apt=96",
          "a=ssrc-group:FID 2001 2002",
          "a=ssrc:2001 cname:k3Jd8s",
          "a=ssrc:2002 cname:k3Jd8s",
          "");

  @Test
  void browserOfferParsesIntoSessionAndMediaSections() {
    SessionDescription d = Sdp.parse(OFFER);
    assertThat(d).isNotNull();
    assertThat(d.origin()).startsWith("- 4611731400430051336");
    assertThat(d.media()).extracting(MediaDescription::kind).containsExactly("audio", "video");
    assertThat(d.media().get(0).formats()).containsExactly("111", "63");
    assertThat(d.byMid("1").kind()).isEqualTo("video");
    assertThat(d.media().get(0).has("rtcp-mux")).isTrue();
    assertThat(d.media().get(0).attribute("rtcp-mux")).isNull();
  }

  @Test
  void writingAndParsingAgainGivesTheSameDescription() {
    SessionDescription d = Sdp.parse(OFFER);
    assertThat(Sdp.parse(Sdp.write(d))).isEqualTo(d);
  }

  @Test
  void writtenTextUsesCrlfLineEnds() {
    String text = Sdp.write(Sdp.parse(OFFER));
    assertThat(text).startsWith("v=0\r\no=").endsWith("\r\n").doesNotContain("\r\n\r\n");
  }

  @Test
  void bareLineFeedsAreAccepted() {
    assertThat(Sdp.parse(OFFER.replace("\r\n", "\n"))).isEqualTo(Sdp.parse(OFFER));
  }

  @Test
  void codecsComeWithTheirParametersAndFeedback() {
    SessionDescription d = Sdp.parse(OFFER);
    List<WebRtcSdp.Codec> audio = WebRtcSdp.codecs(d.media().get(0));
    assertThat(audio.get(0))
        .isEqualTo(
            new WebRtcSdp.Codec(
                111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of("transport-cc")));
    List<WebRtcSdp.Codec> video = WebRtcSdp.codecs(d.media().get(1));
    assertThat(video.get(0).feedback()).containsExactly("goog-remb", "nack", "nack pli");
    assertThat(video.get(1).name()).isEqualTo("rtx");
    assertThat(video.get(1).associatedPayloadType()).isEqualTo(96);
    assertThat(video.get(0).associatedPayloadType()).isEqualTo(-1);
  }

  @Test
  void extensionsFingerprintBundleAndSsrcsAreRead() {
    SessionDescription d = Sdp.parse(OFFER);
    MediaDescription audio = d.media().get(0);
    assertThat(WebRtcSdp.extensions(audio))
        .contains(new WebRtcSdp.Extension(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
    WebRtcSdp.Fingerprint f = WebRtcSdp.fingerprint(d, audio);
    assertThat(f.hashFunction()).isEqualTo("sha-256");
    assertThat(f.value()).hasSize(32);
    assertThat(f.text()).isEqualTo(audio.attribute("fingerprint"));
    assertThat(WebRtcSdp.bundle(d)).containsExactly("0", "1");
    assertThat(WebRtcSdp.ssrcs(d.media().get(1))).containsExactly(2001L, 2002L);
    assertThat(WebRtcSdp.direction(d.media().get(1))).isEqualTo("sendonly");
    assertThat(WebRtcSdp.iceUfrag(d, audio)).isEqualTo("Ab3x");
  }

  @Test
  void fingerprintOfAnotherSectionFallsBackToSessionLevel() {
    String sessionLevel =
        OFFER.replace(
            "a=group:BUNDLE 0 1",
            "a=group:BUNDLE 0 1\r\na=fingerprint:sha-256 "
                + "11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00");
    SessionDescription d = Sdp.parse(sessionLevel);
    assertThat(WebRtcSdp.fingerprint(d, d.media().get(1)).value()[0]).isEqualTo((byte) 0x11);
  }

  @Test
  void malformedFingerprintIsNull() {
    SessionDescription d =
        Sdp.parse(OFFER.replaceFirst("a=fingerprint:sha-256 0A:1B", "a=fingerprint:sha-256 0G:1B"));
    assertThat(WebRtcSdp.fingerprint(d, d.media().get(0))).isNull();
  }

  @Test
  void descriptionWithoutVersionFirstIsRefused() {
    assertThat(Sdp.parse(OFFER.substring("v=0\r\n".length()))).isNull();
  }

  @Test
  void missingOriginIsRefused() {
    assertThat(Sdp.parse(OFFER.replaceFirst("o=[^\r]*\r\n", ""))).isNull();
  }

  @Test
  void unknownLineTypeIsRefused() {
    assertThat(Sdp.parse(OFFER.replace("t=0 0", "t=0 0\r\nx=unknown"))).isNull();
  }

  @Test
  void malformedMediaLineIsRefused() {
    assertThat(Sdp.parse(OFFER.replace("m=video 9 UDP", "m=video nine UDP"))).isNull();
    assertThat(Sdp.parse(OFFER.replace("m=video 9 UDP/TLS/RTP/SAVPF 96 97", "m=video 9"))).isNull();
    assertThat(Sdp.parse(OFFER.replace("m=video 9 UDP", "m=video 70000 UDP"))).isNull();
  }

  @Test
  void sessionLinesAfterTheFirstMediaSectionAreRefused() {
    assertThat(Sdp.parse(OFFER.replace("a=mid:1", "a=mid:1\r\ns=again"))).isNull();
  }

  @Test
  void controlCharactersAreRefused() {
    assertThat(Sdp.parse(OFFER.replace("a=mid:1", "a=mid:\u00001"))).isNull();
  }

  @Test
  void oversizedDescriptionIsRefused() {
    String big = OFFER + "a=x:" + "y".repeat(Sdp.MAX_CHARS) + "\r\n";
    assertThat(Sdp.parse(big)).isNull();
  }

  @Test
  void tooManyMediaSectionsAreRefused() {
    StringBuilder b = new StringBuilder("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
    for (int i = 0; i <= Sdp.MAX_MEDIA; i++) {
      b.append("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n");
    }
    assertThat(Sdp.parse(b.toString())).isNull();
  }

  @Test
  void emptyAndNullAreRefused() {
    assertThat(Sdp.parse("")).isNull();
    assertThat(Sdp.parse(null)).isNull();
    assertThat(Sdp.parse("\r\n")).isNull();
  }

  @FuzzTest
  void parseNeverThrowsAndWhatParsesWritesBack(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    SessionDescription d = Sdp.parse(text);
    if (d != null) {
      assertThat(Sdp.parse(Sdp.write(d))).isEqualTo(d);
      for (MediaDescription m : d.media()) {
        WebRtcSdp.codecs(m);
        WebRtcSdp.extensions(m);
        WebRtcSdp.fingerprint(d, m);
        WebRtcSdp.ssrcs(m);
      }
      WebRtcSdp.bundle(d);
    }
  }
}
