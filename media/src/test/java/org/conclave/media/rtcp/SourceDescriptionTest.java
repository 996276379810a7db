package org.conclave.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.rtcp.RtcpTestBytes.assertEveryTruncationIsRejected;
import static org.conclave.media.rtcp.RtcpTestBytes.hex;
import static org.conclave.media.rtcp.RtcpTestBytes.parseOne;
import static org.conclave.media.rtcp.RtcpTestBytes.write;

import java.util.List;
import org.conclave.media.rtcp.SourceDescription.Chunk;
import org.junit.jupiter.api.Test;

class SourceDescriptionTest {

  // RFC 3550 §6.5: SC=1, chunk = SSRC, CNAME item (type 1, length 3, "abc"), a null octet and
  // padding to the next 32-bit boundary.
  static final byte[] CNAME_ABC = hex("81 ca 00 03 11 22 33 44 01 03 61 62 63 00 00 00");

  @Test
  void parsesCname() {
    assertThat(parseOne(CNAME_ABC))
        .isEqualTo(new SourceDescription(List.of(new Chunk(0x11223344L, "abc"))));
  }

  @Test
  void writesCnameByteForByte() {
    assertThat(write(new SourceDescription(List.of(new Chunk(0x11223344L, "abc")))))
        .isEqualTo(CNAME_ABC);
  }

  @Test
  void otherItemsAreSkipped() {
    // NAME "AB", CNAME "x", TOOL with an empty value, then the null octet and padding.
    byte[] bytes = hex("81 ca 00 04 11 22 33 44 02 02 41 42 01 01 78 06 00 00 00 00");
    assertThat(parseOne(bytes))
        .isEqualTo(new SourceDescription(List.of(new Chunk(0x11223344L, "x"))));
  }

  @Test
  void chunkWithoutCnameHasNullCname() {
    byte[] bytes = hex("82 ca 00 04 00 00 00 01 00 00 00 00 00 00 00 02 01 00 00 00");
    assertThat(parseOne(bytes))
        .isEqualTo(new SourceDescription(List.of(new Chunk(1, null), new Chunk(2, ""))));
  }

  @Test
  void severalChunksRoundTrip() {
    SourceDescription sdes =
        new SourceDescription(
            List.of(
                new Chunk(1, "{8f6e2a1c-aaaa}"),
                new Chunk(2, null),
                new Chunk(3, "người dùng"),
                new Chunk(4, "abcd")));
    byte[] bytes = write(sdes);
    assertThat(bytes.length % 4).isZero();
    assertThat(parseOne(bytes)).isEqualTo(sdes);
  }

  @Test
  void cnameOf255BytesRoundTrips() {
    SourceDescription sdes = new SourceDescription(List.of(new Chunk(9, "c".repeat(255))));
    assertThat(parseOne(write(sdes))).isEqualTo(sdes);
  }

  @Test
  void itemListWithoutNullOctetIsRejected() {
    // The CNAME fills the chunk exactly and no null octet follows.
    byte[] bytes = hex("81 ca 00 02 11 22 33 44 01 02 61 62");
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void itemRunningPastThePacketIsRejected() {
    byte[] bytes = hex("81 ca 00 03 11 22 33 44 01 09 61 62 63 00 00 00");
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void moreChunksClaimedThanPresentIsRejected() {
    byte[] bytes = CNAME_ABC.clone();
    bytes[0] = (byte) 0x82;
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void cnameThatIsNotUtf8IsRejected() {
    byte[] bytes = hex("81 ca 00 03 11 22 33 44 01 02 c3 28 00 00 00 00");
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void everyTruncationIsRejected() {
    assertEveryTruncationIsRejected(CNAME_ABC);
  }
}
