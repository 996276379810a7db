package org.conclave.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.rtp.Bytes.hex;

import org.junit.jupiter.api.Test;

class Vp8PayloadDescriptorTest {

  // RFC 7741 §4.2 with every optional field present:
  //   90  X=1 R=0 N=0 S=1 R=0 PID=0
  //   F0  I=1 L=1 T=1 K=1
  //   92 34  M=1, 15-bit PictureID 0x1234
  //   05  TL0PICIDX 5
  //   A7  TID=2 Y=1 KEYIDX=7
  // then the VP8 payload header of RFC 7741 §4.3, 10 00 00 (Size0=0 H=1 VER=0 P=0: a keyframe),
  // and the keyframe start code 9D 01 2A.
  private static final byte[] FULL_KEYFRAME = hex("90 F0 9234 05 A7 100000 9D012A");

  // The minimal descriptor: X=0 N=1 S=1 PID=0, then a payload header with P=1 (interframe).
  private static final byte[] MINIMAL_INTERFRAME = hex("30 31 0000");

  @Test
  void parsesEveryOptionalField() {
    Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(FULL_KEYFRAME, 0, FULL_KEYFRAME.length);
    assertThat(d)
        .isEqualTo(new Vp8PayloadDescriptor(false, true, 0, 0x1234, true, 5, 2, true, 7, 6, true));
  }

  @Test
  void parsesTheMinimalDescriptor() {
    Vp8PayloadDescriptor d =
        Vp8PayloadDescriptor.parse(MINIMAL_INTERFRAME, 0, MINIMAL_INTERFRAME.length);
    assertThat(d)
        .isEqualTo(new Vp8PayloadDescriptor(true, true, 0, -1, false, -1, -1, false, -1, 1, false));
  }

  @Test
  void parsesASevenBitPictureIdAlone() {
    byte[] payload = hex("80 80 7F 11"); // X=1 S=0, I=1, M=0 PictureID 127
    Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(payload, 0, payload.length);
    assertThat(d.pictureId()).isEqualTo(127);
    assertThat(d.longPictureId()).isFalse();
    assertThat(d.length()).isEqualTo(3);
    assertThat(Vp8PayloadDescriptor.descriptorLength(payload, 0, payload.length)).isEqualTo(3);
  }

  @Test
  void keyIndexWithoutTemporalLayerLeavesTidAbsent() {
    byte[] payload = hex("80 10 E3 00"); // K=1 only: KEYIDX 3, TID/Y bits not meaningful
    Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(payload, 0, payload.length);
    assertThat(d.keyIndex()).isEqualTo(3);
    assertThat(d.temporalLayer()).isEqualTo(-1);
    assertThat(d.layerSync()).isFalse();
  }

  @Test
  void keyframeNeedsAClearPBitInTheFirstPacketOfPartitionZero() {
    assertThat(Vp8PayloadDescriptor.isKeyframe(FULL_KEYFRAME, 0, FULL_KEYFRAME.length)).isTrue();
    assertThat(Vp8PayloadDescriptor.isKeyframe(MINIMAL_INTERFRAME, 0, 4)).isFalse();
  }

  @Test
  void clearPBitOutsideAPartitionStartIsNotAKeyframe() {
    byte[] notStart = hex("00 10"); // S=0: the byte after the descriptor is mid-frame data
    byte[] otherPartition = hex("11 10"); // S=1 but PID=1
    assertThat(Vp8PayloadDescriptor.isKeyframe(notStart, 0, 2)).isFalse();
    assertThat(Vp8PayloadDescriptor.isKeyframe(otherPartition, 0, 2)).isFalse();
  }

  @Test
  void readsFieldsInPlaceAtAnOffset() {
    byte[] buf = Bytes.embed(FULL_KEYFRAME, 9, 2);
    assertThat(Vp8PayloadDescriptor.pictureId(buf, 9, FULL_KEYFRAME.length)).isEqualTo(0x1234);
    assertThat(Vp8PayloadDescriptor.tl0PicIdx(buf, 9, FULL_KEYFRAME.length)).isEqualTo(5);
    assertThat(Vp8PayloadDescriptor.descriptorLength(buf, 9, FULL_KEYFRAME.length)).isEqualTo(6);
    assertThat(Vp8PayloadDescriptor.isKeyframe(buf, 9, FULL_KEYFRAME.length)).isTrue();
  }

  @Test
  void absentFieldsReadAsMinusOne() {
    assertThat(Vp8PayloadDescriptor.pictureId(MINIMAL_INTERFRAME, 0, 4)).isEqualTo(-1);
    assertThat(Vp8PayloadDescriptor.tl0PicIdx(MINIMAL_INTERFRAME, 0, 4)).isEqualTo(-1);
  }

  @Test
  void rewritesTheLongPictureIdAndTl0PicIdxInPlace() {
    byte[] payload = FULL_KEYFRAME.clone();
    assertThat(Vp8PayloadDescriptor.setPictureId(payload, 0, payload.length, 0x8001)).isTrue();
    assertThat(Vp8PayloadDescriptor.setTl0PicIdx(payload, 0, payload.length, 0x1FE)).isTrue();
    // 0x8001 keeps its low 15 bits; M stays set. 0x1FE keeps its low 8 bits.
    assertThat(payload).isEqualTo(hex("90 F0 8001 FE A7 100000 9D012A"));
  }

  @Test
  void rewritesTheShortPictureIdKeepingItsWidth() {
    byte[] payload = hex("80 C0 05 09 11");
    assertThat(Vp8PayloadDescriptor.setPictureId(payload, 0, payload.length, 200)).isTrue();
    assertThat(payload).isEqualTo(hex("80 C0 48 09 11")); // 200 & 0x7F = 0x48
    assertThat(Vp8PayloadDescriptor.tl0PicIdx(payload, 0, payload.length)).isEqualTo(9);
  }

  @Test
  void rewritingAnAbsentFieldChangesNothing() {
    byte[] payload = MINIMAL_INTERFRAME.clone();
    assertThat(Vp8PayloadDescriptor.setPictureId(payload, 0, payload.length, 1)).isFalse();
    assertThat(Vp8PayloadDescriptor.setTl0PicIdx(payload, 0, payload.length, 1)).isFalse();
    assertThat(payload).isEqualTo(MINIMAL_INTERFRAME);
  }

  @Test
  void everyTruncationIsRejectedOrAgreesWithTheWhole() {
    Vp8PayloadDescriptor whole = Vp8PayloadDescriptor.parse(FULL_KEYFRAME, 0, FULL_KEYFRAME.length);
    for (int len = 0; len < FULL_KEYFRAME.length; len++) {
      Vp8PayloadDescriptor d = Vp8PayloadDescriptor.parse(FULL_KEYFRAME, 0, len);
      if (len <= whole.length()) {
        assertThat(d).as("len %d", len).isNull();
        assertThat(Vp8PayloadDescriptor.setPictureId(FULL_KEYFRAME.clone(), 0, len, 1)).isFalse();
      } else {
        assertThat(d).as("len %d", len).isEqualTo(whole);
      }
    }
  }

  @Test
  void garbageIsRejected() {
    assertThat(Vp8PayloadDescriptor.parse(null, 0, 4)).isNull();
    assertThat(Vp8PayloadDescriptor.parse(new byte[4], 2, 4)).isNull();
    assertThat(Vp8PayloadDescriptor.parse(new byte[4], -1, 2)).isNull();
    assertThat(Vp8PayloadDescriptor.parse(hex("80"), 0, 1)).isNull();
  }
}
