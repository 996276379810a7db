package org.conclave.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.conclave.media.rtcp.RtcpTestBytes.assertEveryTruncationIsRejected;
import static org.conclave.media.rtcp.RtcpTestBytes.hex;
import static org.conclave.media.rtcp.RtcpTestBytes.parseOne;
import static org.conclave.media.rtcp.RtcpTestBytes.write;
import static org.conclave.media.rtcp.TransportCcFeedback.LARGE_DELTA;
import static org.conclave.media.rtcp.TransportCcFeedback.NOT_RECEIVED;
import static org.conclave.media.rtcp.TransportCcFeedback.SMALL_DELTA;

import java.util.ArrayList;
import java.util.List;
import org.conclave.media.rtcp.TransportCcFeedback.Arrival;
import org.conclave.media.rtcp.TransportCcFeedback.PacketStatus;
import org.junit.jupiter.api.Test;

class TransportCcFeedbackTest {

  // All packets below: RTPFB (205) FMT=15, sender SSRC 1, media SSRC 2, then (draft-holmer-rmcat-
  // transport-wide-cc-extensions-01 §3.1) base sequence, status count, reference time, feedback
  // packet count, chunks, deltas and zero padding.

  // Run length chunk, draft §3.1.3 example 1: 0|00|0000011011101 = "not received" × 221.
  static final byte[] RUN_OF_221_MISSING =
      hex("8f cd 00 05 00 00 00 01 00 00 00 02 00 0a 00 dd 00 00 01 07 00 dd 00 00");

  // Status vector chunk, draft §3.1.4 example 1: 1|0|01111100011100, 14 one-bit symbols (1 not
  // received, 5 received, 3 not, 3 received, 2 not), then eight small deltas of 1 ms (4 ticks).
  static final byte[] ONE_BIT_VECTOR =
      hex(
          """
          8f cd 00 07 00 00 00 01 00 00 00 02 00 01 00 0e 00 00 00 00
          9f 1c 04 04 04 04 04 04 04 04 00 00
          """);

  // Status vector chunk, draft §3.1.4 example 2 with its reserved "11" symbol replaced by "10"
  // (large delta), as the draft's own 11 is reserved in §3.1.1: 1|1|00 10 01 01 01 00 00.
  // Deltas: -200 ticks (-50 ms) as a 16-bit signed large delta, then 1, 2, 3 ticks.
  static final byte[] TWO_BIT_VECTOR =
      hex(
          """
          8f cd 00 06 00 00 00 01 00 00 00 02 00 64 00 07 00 00 00 00
          c9 50 ff 38 01 02 03 00
          """);

  @Test
  void runLengthChunkOfMissingPackets() {
    TransportCcFeedback fb = (TransportCcFeedback) parseOne(RUN_OF_221_MISSING);
    assertThat(fb.baseSequence()).isEqualTo(10);
    assertThat(fb.referenceTime()).isEqualTo(1);
    assertThat(fb.feedbackPacketCount()).isEqualTo(7);
    assertThat(fb.packets()).hasSize(221).allMatch(p -> !p.received());
    assertThat(fb.packets().get(220).sequence()).isEqualTo(230);
    assertThat(fb.arrivals()).isEmpty();
    assertThat(write(fb)).isEqualTo(RUN_OF_221_MISSING);
  }

  @Test
  void runLengthChunkWithReservedSymbolIsRejected() {
    // Draft §3.1.3 example 2 uses symbol 11, which §3.1.1 reserves: 0|11|0000000011000.
    byte[] bytes = hex("8f cd 00 05 00 00 00 01 00 00 00 02 00 0a 00 18 00 00 01 07 60 18 00 00");
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void oneBitStatusVector() {
    TransportCcFeedback fb = (TransportCcFeedback) parseOne(ONE_BIT_VECTOR);
    assertThat(fb.packets().stream().map(PacketStatus::symbol))
        .containsExactly(0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0);
    assertThat(fb.arrivals().stream().map(Arrival::arrivalMicros))
        .containsExactly(1000L, 2000L, 3000L, 4000L, 5000L, 6000L, 7000L, 8000L);
    assertThat(write(fb)).isEqualTo(ONE_BIT_VECTOR);
  }

  @Test
  void twoBitStatusVectorWithLargeNegativeDelta() {
    TransportCcFeedback fb = (TransportCcFeedback) parseOne(TWO_BIT_VECTOR);
    assertThat(fb.packets())
        .containsExactly(
            new PacketStatus(100, NOT_RECEIVED, 0),
            new PacketStatus(101, LARGE_DELTA, -200),
            new PacketStatus(102, SMALL_DELTA, 1),
            new PacketStatus(103, SMALL_DELTA, 2),
            new PacketStatus(104, SMALL_DELTA, 3),
            new PacketStatus(105, NOT_RECEIVED, 0),
            new PacketStatus(106, NOT_RECEIVED, 0));
    assertThat(write(fb)).isEqualTo(TWO_BIT_VECTOR);
  }

  @Test
  void twoBitStatusVectorWithReservedSymbolIsRejected() {
    // Draft §3.1.4 example 2 as printed: 1|1|00 11 01 01 01 00 00.
    byte[] bytes = TWO_BIT_VECTOR.clone();
    bytes[20] = (byte) 0xcd;
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void buildsFromArrivalsWithMissingPacketAndLargeDelta() {
    // 100 and 102 arrive 1 ms apart (4 ticks), 101 is missing, 103 arrives 298 ms later (1192
    // ticks, a large delta). Reference time 1 (64 ms) is the first arrival rounded down.
    List<Arrival> arrivals =
        List.of(new Arrival(100, 65_000), new Arrival(102, 66_000), new Arrival(103, 364_000));
    TransportCcFeedback fb = TransportCcFeedback.fromArrivals(1, 2, 3, arrivals);
    assertThat(write(fb))
        .isEqualTo(
            hex(
                """
                8f cd 00 06 00 00 00 01 00 00 00 02 00 64 00 04 00 00 01 03
                d1 80 04 04 04 a8 00 00
                """));
    assertThat(((TransportCcFeedback) parseOne(write(fb))).arrivals()).isEqualTo(arrivals);
  }

  @Test
  void longRunOfReceivedPacketsUsesRunLengthChunk() {
    List<Arrival> arrivals = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      arrivals.add(new Arrival(i, 1_000L * i));
    }
    TransportCcFeedback fb = TransportCcFeedback.fromArrivals(1, 2, 0, arrivals);
    byte[] bytes = write(fb);
    assertThat(bytes[20]).isEqualTo((byte) 0x20); // 0|01|0000000010100: received × 20
    assertThat(bytes[21]).isEqualTo((byte) 0x14);
    assertThat(bytes).hasSize(20 + 2 + 20 + 2);
    assertThat(((TransportCcFeedback) parseOne(bytes)).arrivals()).isEqualTo(arrivals);
  }

  @Test
  void reorderedArrivalGetsNegativeDelta() {
    List<Arrival> arrivals = List.of(new Arrival(7, 10_000), new Arrival(8, 9_000));
    TransportCcFeedback fb = TransportCcFeedback.fromArrivals(1, 2, 0, arrivals);
    assertThat(fb.packets().get(1)).isEqualTo(new PacketStatus(8, LARGE_DELTA, -4));
    assertThat(((TransportCcFeedback) parseOne(write(fb))).arrivals()).isEqualTo(arrivals);
  }

  @Test
  void sequenceNumbersWrapAroundZero() {
    List<Arrival> arrivals = List.of(new Arrival(65534, 0), new Arrival(0, 500));
    TransportCcFeedback fb = TransportCcFeedback.fromArrivals(1, 2, 0, arrivals);
    assertThat(fb.packets().stream().map(PacketStatus::sequence)).containsExactly(65534, 65535, 0);
    assertThat(fb.packets().get(1).received()).isFalse();
    assertThat(((TransportCcFeedback) parseOne(write(fb))).arrivals()).isEqualTo(arrivals);
  }

  @Test
  void arrivalTimesAreRoundedToTheNearestTickWithoutDrift() {
    List<Arrival> arrivals = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      arrivals.add(new Arrival(i, 1_000_000L + 333L * i));
    }
    List<Arrival> back =
        ((TransportCcFeedback) parseOne(write(TransportCcFeedback.fromArrivals(1, 2, 0, arrivals))))
            .arrivals();
    for (int i = 0; i < arrivals.size(); i++) {
      assertThat(back.get(i).arrivalMicros())
          .isCloseTo(arrivals.get(i).arrivalMicros(), org.assertj.core.data.Offset.offset(125L));
    }
  }

  @Test
  void mixedStatusesRoundTrip() {
    List<Arrival> arrivals = new ArrayList<>();
    long t = 5_000_000;
    for (int seq = 0; seq < 300; seq++) {
      if (seq % 7 == 3 || (seq > 100 && seq < 140)) {
        continue; // lost
      }
      t += seq % 11 == 0 ? 80_000 : 1_250;
      arrivals.add(new Arrival(seq, t));
    }
    TransportCcFeedback fb = TransportCcFeedback.fromArrivals(1, 2, 9, arrivals);
    TransportCcFeedback back = (TransportCcFeedback) parseOne(write(fb));
    assertThat(back).isEqualTo(fb);
    assertThat(back.arrivals()).isEqualTo(arrivals);
  }

  @Test
  void deltaBeyondSixteenBitsIsRefused() {
    List<Arrival> arrivals = List.of(new Arrival(1, 0), new Arrival(2, 8_200_000));
    assertThatThrownBy(() -> TransportCcFeedback.fromArrivals(1, 2, 0, arrivals))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void arrivalsOutOfSequenceOrderAreRefused() {
    List<Arrival> arrivals = List.of(new Arrival(5, 0), new Arrival(4, 100));
    assertThatThrownBy(() -> TransportCcFeedback.fromArrivals(1, 2, 0, arrivals))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingDeltaBytesAreRejected() {
    // The one-bit vector packet cut to 24 bytes (length field 5): 8 deltas announced, 2 present.
    byte[] bytes = java.util.Arrays.copyOf(ONE_BIT_VECTOR, 24);
    bytes[3] = 5;
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void zeroStatusCountIsRejected() {
    byte[] bytes = hex("8f cd 00 04 00 00 00 01 00 00 00 02 00 0a 00 00 00 00 01 07");
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void statusCountBeyondWhatTheChunksCanCoverIsRejected() {
    // 65535 statuses announced, one chunk of room: a run covers at most 8191.
    byte[] bytes = hex("8f cd 00 05 00 00 00 01 00 00 00 02 00 0a ff ff 00 00 01 07 1f ff 00 00");
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void bytesBeyondThePaddingAreRejected() {
    byte[] bytes =
        hex("8f cd 00 06 00 00 00 01 00 00 00 02 00 0a 00 dd 00 00 01 07 00 dd 00 00 00 00 00 00");
    assertThat(RtcpCompound.parse(bytes, 0, bytes.length)).isNull();
  }

  @Test
  void everyTruncationIsRejected() {
    assertEveryTruncationIsRejected(ONE_BIT_VECTOR);
    assertEveryTruncationIsRejected(TWO_BIT_VECTOR);
  }
}
