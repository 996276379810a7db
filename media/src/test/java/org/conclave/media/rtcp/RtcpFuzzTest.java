package org.conclave.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.conclave.media.rtcp.TransportCcFeedback.Arrival;

/**
 * Jazzer fuzz targets for the RTCP parsers. Without JAZZER_FUZZ they run once per seed input in
 * RtcpFuzzTestInputs/ (regression mode); with it, they search for inputs that break a property.
 */
class RtcpFuzzTest {

  /** Any bytes: parse returns null or packets that write and parse back to the same packets. */
  @FuzzTest
  void compoundParseNeverThrows(byte[] data) {
    List<RtcpPacket> packets = RtcpCompound.parse(data, 0, data.length);
    if (packets == null) {
      return;
    }
    assertRoundTrips(packets);
  }

  /** Any bytes as the FCI of a transport-cc feedback packet, behind a valid header. */
  @FuzzTest
  void transportCcParseNeverThrows(byte[] data) {
    int length = Rtcp.align4(12 + data.length);
    if (length > 0xFFFF * 4) {
      return;
    }
    byte[] packet = new byte[length];
    Rtcp.putHeader(packet, 0, Rtcp.FMT_TRANSPORT_CC, Rtcp.PT_RTPFB, length);
    System.arraycopy(data, 0, packet, 12, data.length);
    List<RtcpPacket> packets = RtcpCompound.parse(packet, 0, packet.length);
    if (packets == null) {
      return;
    }
    assertThat(packets).singleElement().isInstanceOf(TransportCcFeedback.class);
    ((TransportCcFeedback) packets.get(0)).arrivals();
    assertRoundTrips(packets);
  }

  /** Arrivals the writer accepts come back within half a tick (125 µs) of where they went in. */
  @FuzzTest
  void transportCcFromArrivalsRoundTrips(FuzzedDataProvider data) {
    int count = data.consumeInt(1, 200);
    int sequence = data.consumeInt(0, 0xFFFF);
    long time = data.consumeLong(0, 1L << 32);
    List<Arrival> arrivals = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      arrivals.add(new Arrival(sequence, time));
      sequence = (sequence + data.consumeInt(1, 40)) & 0xFFFF;
      time += data.consumeLong(-8_000_000, 8_000_000);
    }
    TransportCcFeedback fb = TransportCcFeedback.fromArrivals(1, 2, 0, arrivals);
    byte[] bytes = RtcpCompound.toBytes(List.of(fb));
    List<RtcpPacket> back = RtcpCompound.parse(bytes, 0, bytes.length);
    assertThat(back).containsExactly(fb);
    // Times come back modulo the 24-bit reference time, so compare each against the first.
    List<Arrival> out = fb.arrivals();
    long shift = arrivals.get(0).arrivalMicros() - out.get(0).arrivalMicros();
    for (int i = 0; i < count; i++) {
      assertThat(out.get(i).sequence()).isEqualTo(arrivals.get(i).sequence());
      assertThat(Math.abs(out.get(i).arrivalMicros() + shift - arrivals.get(i).arrivalMicros()))
          .isLessThanOrEqualTo(250L);
    }
  }

  private static void assertRoundTrips(List<RtcpPacket> packets) {
    byte[] written = RtcpCompound.toBytes(packets);
    List<RtcpPacket> again = RtcpCompound.parse(written, 0, written.length);
    assertThat(again).isNotNull().hasSameSizeAs(packets);
    for (int i = 0; i < packets.size(); i++) {
      if (packets.get(i) instanceof GenericNack nack) {
        // The writer merges entries, so only the set of lost numbers is kept.
        GenericNack back = (GenericNack) again.get(i);
        assertThat(new HashSet<>(back.lostSequenceNumbers()))
            .isEqualTo(new HashSet<>(nack.lostSequenceNumbers()));
      } else {
        assertThat(again.get(i)).isEqualTo(packets.get(i));
      }
    }
  }
}
