package org.conclave.media.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.rtp.Bytes.hex;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderExtensionsTest {

  // RFC 8285 §4.2, the one-byte example figure, with ids 1, 2, 3 and data of our choosing:
  // BEDE, length=3; (ID=1 L=0) 1 byte; (ID=2 L=1) 2 bytes; two padding bytes; (ID=3 L=3) 4 bytes.
  private static final byte[] ONE_BYTE_EXAMPLE = hex("BEDE 0003 10 AA 21 BBCC 00 00 33 01020304");

  // RFC 8285 §4.3, the two-byte example figure: 0x1000, length=3; (ID=1 L=0) no data;
  // (ID=2 L=1) 1 byte; one padding byte; (ID=3 L=4) 4 bytes.
  private static final byte[] TWO_BYTE_EXAMPLE = hex("1000 0003 0100 0201 DD 00 0304 05060708");

  @Test
  void parsesTheOneByteExampleOfRfc8285() {
    assertThat(HeaderExtensions.parse(ONE_BYTE_EXAMPLE, 0, ONE_BYTE_EXAMPLE.length))
        .containsExactly(
            new HeaderExtension(1, hex("AA")),
            new HeaderExtension(2, hex("BBCC")),
            new HeaderExtension(3, hex("01020304")));
  }

  @Test
  void parsesTheTwoByteExampleOfRfc8285() {
    assertThat(HeaderExtensions.parse(TWO_BYTE_EXAMPLE, 0, TWO_BYTE_EXAMPLE.length))
        .containsExactly(
            new HeaderExtension(1, new byte[0]),
            new HeaderExtension(2, hex("DD")),
            new HeaderExtension(3, hex("05060708")));
  }

  @Test
  void twoByteFormAcceptsAnyAppbits() {
    byte[] block = TWO_BYTE_EXAMPLE.clone();
    block[1] = 0x0F;
    assertThat(HeaderExtensions.parse(block, 0, block.length)).hasSize(3);
  }

  @Test
  void findReturnsWhereTheElementsDataLies() {
    byte[] buf = Bytes.embed(ONE_BYTE_EXAMPLE, 3, 0);
    long handle = HeaderExtensions.find(buf, 3, ONE_BYTE_EXAMPLE.length, 3);
    assertThat(HeaderExtensions.dataOffset(handle)).isEqualTo(3 + 12);
    assertThat(HeaderExtensions.dataLength(handle)).isEqualTo(4);
  }

  @Test
  void findReturnsNotFoundForAnAbsentId() {
    assertThat(HeaderExtensions.find(ONE_BYTE_EXAMPLE, 0, ONE_BYTE_EXAMPLE.length, 4))
        .isEqualTo(HeaderExtensions.NOT_FOUND);
    assertThat(HeaderExtensions.find(TWO_BYTE_EXAMPLE, 0, TWO_BYTE_EXAMPLE.length, 0))
        .isEqualTo(HeaderExtensions.NOT_FOUND);
  }

  @Test
  void findsAnEmptyTwoByteElement() {
    long handle = HeaderExtensions.find(TWO_BYTE_EXAMPLE, 0, TWO_BYTE_EXAMPLE.length, 1);
    assertThat(handle).isNotEqualTo(HeaderExtensions.NOT_FOUND);
    assertThat(HeaderExtensions.dataLength(handle)).isZero();
  }

  @Test
  void idFifteenEndsTheOneByteBlockKeepingEarlierElements() {
    // RFC 8285 §4.2: processing stops at ID 15; its length field is ignored.
    byte[] block = hex("BEDE 0002 10AA F0 21BBCC 000000");
    assertThat(HeaderExtensions.parse(block, 0, block.length))
        .containsExactly(new HeaderExtension(1, hex("AA")));
    assertThat(HeaderExtensions.find(block, 0, block.length, 2))
        .isEqualTo(HeaderExtensions.NOT_FOUND);
  }

  @Test
  void oneByteIdZeroWithALengthIsMalformed() {
    byte[] block = hex("BEDE 0001 01AABBCC");
    assertThat(HeaderExtensions.parse(block, 0, block.length)).isNull();
  }

  @Test
  void oneByteElementRunningPastTheBlockIsMalformed() {
    byte[] block = hex("BEDE 0001 10AA 21BB");
    assertThat(HeaderExtensions.parse(block, 0, block.length)).isNull();
    assertThat(HeaderExtensions.isValid(block, 0, block.length)).isFalse();
  }

  @Test
  void twoByteElementRunningPastTheBlockIsMalformed() {
    byte[] block = hex("1000 0001 0105AABB");
    assertThat(HeaderExtensions.parse(block, 0, block.length)).isNull();
  }

  @Test
  void twoByteElementWithoutItsLengthByteIsMalformed() {
    byte[] block = hex("1000 0001 000000 07");
    assertThat(HeaderExtensions.parse(block, 0, block.length)).isNull();
  }

  @Test
  void blockLongerThanTheBytesAvailableIsMalformed() {
    assertThat(HeaderExtensions.parse(ONE_BYTE_EXAMPLE, 0, ONE_BYTE_EXAMPLE.length - 1)).isNull();
    assertThat(HeaderExtensions.find(ONE_BYTE_EXAMPLE, 0, ONE_BYTE_EXAMPLE.length - 1, 1))
        .isEqualTo(HeaderExtensions.NOT_FOUND);
  }

  @Test
  void blockUnderAnotherProfileHasNoReadableElements() {
    byte[] block = hex("ABCD 0001 10AA0000");
    assertThat(HeaderExtensions.parse(block, 0, block.length)).isNull();
    assertThat(HeaderExtensions.find(block, 0, block.length, 1))
        .isEqualTo(HeaderExtensions.NOT_FOUND);
  }

  @Test
  void everyTruncationOfABlockIsRejected() {
    for (byte[] block : List.of(ONE_BYTE_EXAMPLE, TWO_BYTE_EXAMPLE)) {
      for (int available = 0; available < block.length; available++) {
        assertThat(HeaderExtensions.parse(block, 0, available)).as("%d", available).isNull();
      }
    }
  }

  @Test
  void forEachVisitsElementsInOrder() {
    List<Integer> ids = new ArrayList<>();
    boolean ok =
        HeaderExtensions.forEach(
            TWO_BYTE_EXAMPLE, 0, TWO_BYTE_EXAMPLE.length, (id, buf, at, length) -> ids.add(id));
    assertThat(ok).isTrue();
    assertThat(ids).containsExactly(1, 2, 3);
  }

  @Test
  void forEachVisitsNothingInAMalformedBlock() {
    byte[] block = hex("BEDE 0001 10AA 21BB");
    List<Integer> ids = new ArrayList<>();
    assertThat(HeaderExtensions.forEach(block, 0, block.length, (id, b, at, l) -> ids.add(id)))
        .isFalse();
    assertThat(ids).isEmpty();
  }

  @Test
  void writesTheOneByteFormWhenEveryElementFits() {
    List<HeaderExtension> elements =
        List.of(
            new HeaderExtension(1, hex("AA")),
            new HeaderExtension(2, hex("BBCC")),
            new HeaderExtension(3, hex("01020304")));
    byte[] dst = new byte[16];
    assertThat(HeaderExtensions.write(dst, 0, elements)).isEqualTo(16);
    // The same elements as the RFC 8285 §4.2 figure, packed without its interior padding.
    assertThat(dst).isEqualTo(hex("BEDE 0003 10AA 21BBCC 3301020304 0000"));
  }

  @Test
  void writesTheTwoByteFormForAnEmptyElement() {
    List<HeaderExtension> elements =
        List.of(new HeaderExtension(1, new byte[0]), new HeaderExtension(2, hex("DD")));
    byte[] dst = new byte[12];
    assertThat(HeaderExtensions.write(dst, 0, elements)).isEqualTo(12);
    assertThat(dst).isEqualTo(hex("1000 0002 0100 0201DD 000000"));
  }

  @Test
  void writesTheTwoByteFormForAnIdAboveFourteenOrDataAboveSixteenBytes() {
    assertThat(HeaderExtensions.needsTwoByteForm(List.of(new HeaderExtension(15, hex("01")))))
        .isTrue();
    assertThat(HeaderExtensions.needsTwoByteForm(List.of(new HeaderExtension(1, new byte[17]))))
        .isTrue();
    assertThat(HeaderExtensions.needsTwoByteForm(List.of(new HeaderExtension(14, new byte[16]))))
        .isFalse();
  }

  @Test
  void writeReturnsMinusOneWhenTheBlockDoesNotFit() {
    assertThat(HeaderExtensions.write(new byte[7], 0, List.of(new HeaderExtension(1, hex("AA")))))
        .isEqualTo(-1);
  }

  @Test
  void writeThenParseGivesBackTheElementsInBothForms() {
    List<List<HeaderExtension>> cases =
        List.of(
            List.of(new HeaderExtension(14, new byte[16]), new HeaderExtension(1, hex("01"))),
            List.of(new HeaderExtension(255, new byte[255]), new HeaderExtension(15, new byte[0])));
    for (List<HeaderExtension> elements : cases) {
      byte[] dst = new byte[HeaderExtensions.encodedLength(elements)];
      HeaderExtensions.write(dst, 0, elements);
      assertThat(HeaderExtensions.parse(dst, 0, dst.length)).isEqualTo(elements);
    }
  }

  @Test
  void findInPacketLooksPastTheCsrcs() {
    byte[] packet = hex("91 60 0001 00000001 00000001 0000000A BEDE 0001 31 0102 00 FF");
    long handle = HeaderExtensions.findInPacket(packet, 0, packet.length, 3);
    assertThat(HeaderExtensions.dataOffset(handle)).isEqualTo(21);
    assertThat(HeaderExtensions.dataLength(handle)).isEqualTo(2);
  }

  @Test
  void findInPacketFindsNothingWithoutTheExtensionBit() {
    byte[] packet = hex("81 60 0001 00000001 00000001 0000000A BEDE 0001 31 0102 00 FF");
    assertThat(HeaderExtensions.findInPacket(packet, 0, packet.length, 3))
        .isEqualTo(HeaderExtensions.NOT_FOUND);
  }
}
