package org.conclave.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.conclave.media.rtcp.TransportCcFeedback.Arrival;
import org.junit.jupiter.api.Test;

class TransportCcWriterTest {

  /** Arrivals with losses, reordering and long gaps in time: every kind of chunk and delta. */
  private static List<Arrival> mixed(int from, int count) {
    List<Arrival> arrivals = new ArrayList<>();
    long t = 7_000_000;
    for (int i = 0; i < count; i++) {
      int seq = (from + i) & 0xFFFF;
      if (i % 7 == 3 || (i > 100 && i < 130)) {
        continue; // lost
      }
      t += i % 13 == 0 ? 90_000 : i % 5 == 0 ? -2_000 : 1_300;
      arrivals.add(new Arrival(seq, t));
    }
    return arrivals;
  }

  private static byte[] written(TransportCcWriter writer, List<Arrival> arrivals, int count) {
    writer.reset();
    for (Arrival a : arrivals) {
      assertThat(writer.add(a.sequence(), a.arrivalMicros())).isTrue();
    }
    byte[] buf = new byte[writer.length() + 4];
    int n = writer.write(11, 22, count, buf, 2);
    assertThat(n).isEqualTo(writer.length());
    return Arrays.copyOfRange(buf, 2, 2 + n);
  }

  @Test
  void writesTheSameBytesAsTheRecordBuiltFromTheSameArrivals() {
    List<Arrival> arrivals = mixed(65_400, 400); // wraps around zero
    byte[] expected = new byte[4096];
    int n = TransportCcFeedback.fromArrivals(11, 22, 5, arrivals).write(expected, 0);
    assertThat(written(new TransportCcWriter(1000), arrivals, 5))
        .isEqualTo(Arrays.copyOf(expected, n));
  }

  @Test
  void aResetWriterWritesANewPacket() {
    TransportCcWriter writer = new TransportCcWriter(1000);
    written(writer, mixed(0, 300), 1);
    List<Arrival> second = mixed(300, 50);
    byte[] expected = new byte[4096];
    int n = TransportCcFeedback.fromArrivals(11, 22, 2, second).write(expected, 0);
    assertThat(written(writer, second, 2)).isEqualTo(Arrays.copyOf(expected, n));
  }

  @Test
  void anArrivalMoreThanEightSecondsFromThePreviousIsRefusedAndChangesNothing() {
    TransportCcWriter writer = new TransportCcWriter(100);
    assertThat(writer.add(1, 0)).isTrue();
    int length = writer.length();
    assertThat(writer.add(2, 8_200_000)).isFalse();
    assertThat(writer.statusCount()).isEqualTo(1);
    assertThat(writer.length()).isEqualTo(length);
    assertThat(writer.add(3, 1_000)).isTrue();
    assertThat(writer.statusCount()).isEqualTo(3);
  }

  @Test
  void anArrivalNotAfterTheLastInSequenceOrderIsRefused() {
    TransportCcWriter writer = new TransportCcWriter(100);
    assertThat(writer.add(5, 0)).isTrue();
    assertThat(writer.add(5, 100)).isFalse();
    assertThat(writer.add(4, 100)).isFalse();
    assertThat(writer.statusCount()).isEqualTo(1);
  }

  @Test
  void anArrivalBeyondTheCapacityIsRefused() {
    TransportCcWriter writer = new TransportCcWriter(10);
    assertThat(writer.add(0, 0)).isTrue();
    assertThat(writer.add(10, 1_000)).isFalse(); // would need 11 statuses
    assertThat(writer.add(9, 1_000)).isTrue();
    assertThat(writer.statusCount()).isEqualTo(10);
  }

  @Test
  void writingFeedbackAllocatesNothingInSteadyState() {
    TransportCcWriter writer = new TransportCcWriter(4096);
    byte[] buf = new byte[1500];
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sink = run(writer, buf, 0, 2_000); // warm up
    long before = threads.getCurrentThreadAllocatedBytes();
    sink += run(writer, buf, 2_000, 20_000);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(sink).isPositive();
    assertThat(allocated).as("bytes allocated over 20,000 feedback packets").isLessThan(4_096);
  }

  /** Feedback packets of 50 arrivals each (every fifth lost), as every 50 ms at 1,000 packets/s. */
  private static long run(TransportCcWriter writer, byte[] buf, int from, int packets) {
    long sink = 0;
    for (int p = from; p < from + packets; p++) {
      writer.reset();
      for (int i = 0; i < 50; i++) {
        if (i % 5 != 4) {
          writer.add((p * 50 + i) & 0xFFFF, p * 50_000L + i * 1_000L);
        }
      }
      sink += writer.write(1, 2, p, buf, 0);
    }
    return sink;
  }
}
