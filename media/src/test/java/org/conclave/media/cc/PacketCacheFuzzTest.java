package org.conclave.media.cc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.conclave.media.rtp.RtpHeader;

/**
 * Jazzer drives a cache with arbitrary inserts (of real and garbage packets), gets and clock steps.
 * Whatever the order, nothing escapes, and a packet handed out is always the very packet last
 * inserted under the sequence number asked for — never a neighbour sharing its slot.
 */
class PacketCacheFuzzTest {

  @FuzzTest
  void getNeverAnswersWithAnotherSequenceNumber(FuzzedDataProvider data) {
    long[] now = {0};
    PacketCache cache =
        new PacketCache(Packets.SSRC, new PacketCache.Settings(16, 64, 50, 2, 3), () -> now[0]);
    // What was last inserted under each sequence number, as the cache should remember it.
    byte[][] lastInserted = new byte[1 << 16][];
    byte[] out = new byte[80];
    int seq = data.consumeInt(0, 0xFFFF);
    int steps = data.consumeInt(0, 400);
    for (int i = 0; i < steps && data.remainingBytes() > 0; i++) {
      switch (data.consumeInt(0, 4)) {
        case 0, 1 -> {
          seq = (seq + data.consumeInt(-40, 40)) & 0xFFFF;
          byte[] packet = Packets.rtp(Packets.SSRC, seq, data.consumeInt(0, 60));
          if (cache.insert(packet, 0, packet.length)) {
            lastInserted[seq] = packet;
          }
        }
        case 2 -> {
          byte[] garbage = data.consumeBytes(80);
          cache.insert(garbage, 0, garbage.length);
        }
        case 3 -> {
          int asked =
              data.consumeBoolean()
                  ? (seq - data.consumeInt(0, 40)) & 0xFFFF
                  : data.consumeInt(0, 0xFFFF);
          int off = data.consumeInt(0, 20);
          int len = cache.get(asked, out, off);
          if (len != PacketCache.MISS) {
            assertThat(RtpHeader.sequenceNumber(out, off)).isEqualTo(asked);
            assertThat(Arrays.copyOfRange(out, off, off + len)).isEqualTo(lastInserted[asked]);
          }
        }
        default -> now[0] += data.consumeLong(0, 20_000_000L);
      }
    }
    PacketCache.Counters c = cache.counters();
    assertThat(c.resent()).isLessThanOrEqualTo(c.inserted() * 2);
  }
}
