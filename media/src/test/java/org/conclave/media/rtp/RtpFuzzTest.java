package org.conclave.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Jazzer fuzz targets for the RTP wire formats. In the normal build they run in regression mode
 * over the seeds in {@code RtpFuzzTestInputs/<method>/}; with JAZZER_FUZZ=1 they fuzz. Each asserts
 * that no exception escapes and that what parses writes back to the same thing.
 */
class RtpFuzzTest {

  @FuzzTest
  void rtpParseNeverThrowsAndRoundTrips(byte[] data) {
    RtpPacket packet = RtpPacket.parse(data, 0, data.length);
    if (packet == null) {
      return;
    }
    assertThat(RtpHeader.looksLikeRtp(data, 0, data.length)).isTrue();
    assertThat(RtpHeader.ssrc(data, 0)).isEqualTo(packet.ssrc());
    assertThat(packet.payloadOffset() + packet.payloadLength() + packet.paddingLength())
        .isEqualTo(data.length);
    for (HeaderExtension element : packet.extensions()) {
      long handle = HeaderExtensions.findInPacket(data, 0, data.length, element.id());
      assertThat(handle).isNotEqualTo(HeaderExtensions.NOT_FOUND);
    }
    byte[] payload =
        java.util.Arrays.copyOfRange(
            data, packet.payloadOffset(), packet.payloadOffset() + packet.payloadLength());
    byte[] rebuilt = RtpWriter.build(packet.fields(), payload, packet.paddingLength());
    RtpPacket reparsed = RtpPacket.parse(rebuilt, 0, rebuilt.length);
    assertThat(reparsed).isNotNull();
    assertThat(reparsed.fields()).isEqualTo(packet.fields());
    assertThat(reparsed.payloadLength()).isEqualTo(packet.payloadLength());
  }

  @FuzzTest
  void headerExtensionBlockNeverThrowsAndRoundTrips(byte[] data) {
    List<HeaderExtension> elements = HeaderExtensions.parse(data, 0, data.length);
    int[] visited = {0};
    boolean valid =
        HeaderExtensions.forEach(data, 0, data.length, (id, b, at, len) -> visited[0]++);
    assertThat(valid).isEqualTo(elements != null);
    for (int id = 1; id <= 255; id++) {
      HeaderExtensions.find(data, 0, data.length, id);
    }
    if (elements == null) {
      return;
    }
    assertThat(visited[0]).isEqualTo(elements.size());
    for (HeaderExtension element : elements) {
      long handle = HeaderExtensions.find(data, 0, data.length, element.id());
      HeaderExtension first =
          elements.stream().filter(e -> e.id() == element.id()).findFirst().orElseThrow();
      assertThat(HeaderExtensions.dataLength(handle)).isEqualTo(first.length());
    }
    byte[] written = new byte[HeaderExtensions.encodedLength(elements)];
    HeaderExtensions.write(written, 0, elements);
    if (!elements.isEmpty()) {
      assertThat(HeaderExtensions.parse(written, 0, written.length)).isEqualTo(elements);
    }
  }

  @FuzzTest
  void vp8DescriptorNeverThrowsAndAgreesWithItsReaders(byte[] data) {
    Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(data, 0, data.length);
    boolean keyframe = Vp8PayloadDescriptor.isKeyframe(data, 0, data.length);
    int pictureId = Vp8PayloadDescriptor.pictureId(data, 0, data.length);
    int tl0PicIdx = Vp8PayloadDescriptor.tl0PicIdx(data, 0, data.length);
    if (d == null) {
      assertThat(Vp8PayloadDescriptor.descriptorLength(data, 0, data.length)).isEqualTo(-1);
      return;
    }
    assertThat(keyframe).isEqualTo(d.keyframe());
    assertThat(pictureId).isEqualTo(d.pictureId());
    assertThat(tl0PicIdx).isEqualTo(d.tl0PicIdx());
    byte[] copy = data.clone();
    if (Vp8PayloadDescriptor.setPictureId(copy, 0, copy.length, 0x5A5A)) {
      int expected = d.longPictureId() ? 0x5A5A : 0x5A5A & 0x7F;
      assertThat(Vp8PayloadDescriptor.pictureId(copy, 0, copy.length)).isEqualTo(expected);
      assertThat(Vp8PayloadDescriptor.descriptorLength(copy, 0, copy.length)).isEqualTo(d.length());
    }
  }
}
