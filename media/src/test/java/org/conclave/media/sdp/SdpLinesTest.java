package org.conclave.media.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SdpLinesTest {

  private static String write(java.util.function.Consumer<StringBuilder> lines) {
    StringBuilder b = new StringBuilder();
    lines.accept(b);
    return b.toString();
  }

  /** A minimal description around {@code lines}, one video section with formats 96 and 97. */
  private static MediaDescription section(String lines) {
    SessionDescription d =
        Sdp.parse(
            "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\nc=IN IP4 0.0.0.0\r\n"
                + lines);
    assertThat(d).isNotNull();
    return d.media().get(0);
  }

  @Test
  void rtpmapWritesTheChannelCountOnlyWhenThereIsMoreThanOne() {
    // RFC 7587 §7 (Opus) and RFC 7741 §6.2 (VP8) write their rtpmap lines this way.
    assertThat(write(b -> SdpLines.rtpmap(b, 111, "opus", 48000, 2)))
        .isEqualTo("a=rtpmap:111 opus/48000/2\r\n");
    assertThat(write(b -> SdpLines.rtpmap(b, 96, "VP8", 90000, 1)))
        .isEqualTo("a=rtpmap:96 VP8/90000\r\n");
  }

  @Test
  void rtcpFeedbackWritesOneLinePerFeedbackType() {
    // RFC 4585 §4.2: a=rtcp-fb:<fmt> <feedback type> [<parameter>].
    assertThat(
            write(
                b -> {
                  SdpLines.rtcpFeedback(b, 96, "nack");
                  SdpLines.rtcpFeedback(b, 96, "nack pli");
                  SdpLines.rtcpFeedback(b, 96, "ccm fir");
                }))
        .isEqualTo("a=rtcp-fb:96 nack\r\na=rtcp-fb:96 nack pli\r\na=rtcp-fb:96 ccm fir\r\n");
  }

  @Test
  void fmtpWritesTheParametersAsGiven() {
    assertThat(write(b -> SdpLines.fmtp(b, 111, "minptime=10;useinbandfec=1")))
        .isEqualTo("a=fmtp:111 minptime=10;useinbandfec=1\r\n");
  }

  @Test
  void fmtpWritesNothingForMissingOrBlankParameters() {
    assertThat(write(b -> SdpLines.fmtp(b, 96, null))).isEmpty();
    assertThat(write(b -> SdpLines.fmtp(b, 96, " "))).isEmpty();
  }

  @Test
  void rtxWritesItsRtpmapAndTheAssociatedPayloadType() {
    // RFC 4588 §8.6/§8.7: the example's two lines, without the optional rtx-time.
    assertThat(write(b -> SdpLines.rtx(b, 97, 96)))
        .isEqualTo("a=rtpmap:97 rtx/90000\r\na=fmtp:97 apt=96\r\n");
  }

  @Test
  void extmapWritesTheIdAndUri() {
    // RFC 8285 §8: a=extmap:<value> <URI>, here the audio-level extension of RFC 6464.
    assertThat(write(b -> SdpLines.extmap(b, 1, WebRtcSdp.AUDIO_LEVEL_URI)))
        .isEqualTo("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n");
  }

  @Test
  void msidAndSsrcWriteTheStreamAndTrackIds() {
    assertThat(
            write(
                b -> {
                  SdpLines.msid(b, "alice", "t1");
                  SdpLines.ssrc(b, 4294967295L, "alice", "alice", "t1");
                }))
        .isEqualTo(
            "a=msid:alice t1\r\n"
                + "a=ssrc:4294967295 cname:alice\r\n"
                + "a=ssrc:4294967295 msid:alice t1\r\n");
  }

  @Test
  void attributeWritesANameAndValueBackUnchanged() {
    assertThat(write(b -> SdpLines.attribute(b, "extmap", "3/sendonly urn:x")))
        .isEqualTo("a=extmap:3/sendonly urn:x\r\n");
  }

  @Test
  void codecLinesParseBackToTheSameCodecs() {
    String lines =
        write(
            b -> {
              SdpLines.rtpmap(b, 96, "VP8", 90000, 1);
              SdpLines.rtcpFeedback(b, 96, "nack");
              SdpLines.rtcpFeedback(b, 96, "nack pli");
              SdpLines.fmtp(b, 96, "max-fr=30");
              SdpLines.rtx(b, 97, 96);
            });

    List<WebRtcSdp.Codec> codecs = WebRtcSdp.codecs(section(lines));

    assertThat(codecs)
        .containsExactly(
            new WebRtcSdp.Codec(96, "VP8", 90000, 1, "max-fr=30", List.of("nack", "nack pli")),
            new WebRtcSdp.Codec(97, "rtx", 90000, 1, "apt=96", List.of()));
    assertThat(codecs.get(1).associatedPayloadType()).isEqualTo(96);
  }

  @Test
  void extmapAndSsrcLinesParseBackToTheSameValues() {
    String lines =
        write(
            b -> {
              SdpLines.extmap(b, 4, WebRtcSdp.MID_URI);
              SdpLines.extmap(b, 3, WebRtcSdp.TWCC_URI);
              SdpLines.msid(b, "s", "t");
              SdpLines.ssrc(b, 1234, "c", "s", "t");
            });

    MediaDescription m = section(lines);

    assertThat(WebRtcSdp.extensions(m))
        .containsExactly(
            new WebRtcSdp.Extension(4, WebRtcSdp.MID_URI),
            new WebRtcSdp.Extension(3, WebRtcSdp.TWCC_URI));
    assertThat(WebRtcSdp.ssrcs(m)).containsExactly(1234L);
    assertThat(m.attribute("msid")).isEqualTo("s t");
  }
}
