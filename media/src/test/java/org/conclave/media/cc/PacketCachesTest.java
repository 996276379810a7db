package org.conclave.media.cc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.conclave.media.cc.Packets.rtp;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PacketCachesTest {

  private final Packets.FakeNanoClock clock = new Packets.FakeNanoClock();
  private final PacketCache.Settings small = new PacketCache.Settings(16, 200, 1000, 3, 10);
  private final byte[] out = new byte[200];

  @Test
  void packetsGoToTheCacheOfTheirSsrc() {
    PacketCaches caches = new PacketCaches(4, small, clock);
    caches.add(0xA);
    caches.add(0xB);
    byte[] a = rtp(0xA, 1, 10);
    byte[] b = rtp(0xB, 1, 20);

    assertThat(caches.insert(a, 0, a.length)).isTrue();
    assertThat(caches.insert(b, 0, b.length)).isTrue();

    assertThat(caches.get(0xA, 1, out, 0)).isEqualTo(a.length);
    assertThat(caches.get(0xB, 1, out, 0)).isEqualTo(b.length);
  }

  @Test
  void addingAKnownSsrcReturnsTheSameCache() {
    PacketCaches caches = new PacketCaches(4, small, clock);

    PacketCache first = caches.add(0xA);

    assertThat(caches.add(0xA)).isSameAs(first);
    assertThat(caches.cache(0xA)).isSameAs(first);
    assertThat(caches.size()).isEqualTo(1);
  }

  @Test
  void packetOfAnUnknownSsrcIsRefusedAndCounted() {
    PacketCaches caches = new PacketCaches(4, small, clock);
    byte[] p = rtp(0xA, 1, 10);

    assertThat(caches.insert(p, 0, p.length)).isFalse();
    assertThat(caches.get(0xA, 1, out, 0)).isEqualTo(PacketCache.MISS);
    assertThat(caches.insert(new byte[3], 0, 3)).isFalse();

    assertThat(caches.counters().unknownSsrc()).isEqualTo(3);
    assertThat(caches.size()).isZero();
  }

  @Test
  void noMoreThanMaxStreamsCachesAreHeld() {
    PacketCaches caches = new PacketCaches(2, small, clock);
    caches.add(1);
    caches.add(2);

    assertThat(caches.add(3)).isNull();

    assertThat(caches.counters().refusedFull()).isEqualTo(1);
    assertThat(caches.size()).isEqualTo(2);
  }

  @Test
  void removedStreamFreesItsPlaceAndForgetsItsPackets() {
    PacketCaches caches = new PacketCaches(2, small, clock);
    caches.add(1);
    caches.add(2);
    byte[] p = rtp(1, 5, 10);
    caches.insert(p, 0, p.length);

    assertThat(caches.remove(1)).isTrue();
    assertThat(caches.remove(1)).isFalse();

    assertThat(caches.cache(1)).isNull();
    assertThat(caches.add(3)).isNotNull();
    caches.remove(3);
    assertThat(caches.add(1).get(5, out, 0)).isEqualTo(PacketCache.MISS);
  }

  @Test
  void ssrcIsTakenAsUnsigned32Bits() {
    PacketCaches caches = new PacketCaches(2, small, clock);

    PacketCache cache = caches.add(0xFFFF_FFFFL);

    assertThat(caches.cache(-1L)).isSameAs(cache);
    assertThat(cache.ssrc()).isEqualTo(0xFFFF_FFFFL);
  }

  @Test
  void manyAddsAndRemovesKeepEveryLookupRight() {
    PacketCaches caches = new PacketCaches(64, small, clock);
    Set<Long> present = new HashSet<>();
    Random random = new Random(42);
    for (int i = 0; i < 5_000; i++) {
      long ssrc = random.nextInt(200); // small keys so probe runs collide and shift
      if (random.nextBoolean()) {
        PacketCache cache = caches.add(ssrc);
        if (cache != null) {
          present.add(ssrc);
        } else {
          assertThat(present).hasSize(64).doesNotContain(ssrc);
        }
      } else {
        assertThat(caches.remove(ssrc)).isEqualTo(present.remove(ssrc));
      }
      assertThat(caches.size()).isEqualTo(present.size());
    }
    for (long ssrc = 0; ssrc < 200; ssrc++) {
      PacketCache cache = caches.cache(ssrc);
      assertThat(cache != null).as("ssrc %d", ssrc).isEqualTo(present.contains(ssrc));
      if (cache != null) {
        assertThat(cache.ssrc()).isEqualTo(ssrc);
      }
    }
  }

  @Test
  void maxStreamsOutOfRangeIsRefused() {
    assertThatThrownBy(() -> new PacketCaches(0, small, clock)).hasMessageContaining("max streams");
  }
}
