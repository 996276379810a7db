package org.conclave.media.testpeer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoopbackNamespaceTest {

  // /proc/net/ipv6_route of a new namespace (unshare -n) after `ip link set lo up`: the kernel's
  // unreachable default route (metric ffffffff) and the route to ::1.
  private static final String FRESH =
      """
      00000000000000000000000000000000 00 00000000000000000000000000000000 00 \
      00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
      00000000000000000000000000000001 80 00000000000000000000000000000000 00 \
      00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo
      """;

  // The same after `ip -6 route add default dev lo` (metric 1024).
  private static final String WITH_DEFAULT_ROUTE =
      """
      00000000000000000000000000000000 00 00000000000000000000000000000000 00 \
      00000000000000000000000000000000 00000400 00000001 00000000 00200200       lo
      """
          + FRESH;

  @Test
  void defaultRouteAddedThroughLoopbackCounts() {
    assertThat(LoopbackNamespace.hasIpv6DefaultRouteThroughLoopback(WITH_DEFAULT_ROUTE)).isTrue();
  }

  @Test
  void unreachableDefaultRouteOfAFreshNamespaceDoesNotCount() {
    assertThat(LoopbackNamespace.hasIpv6DefaultRouteThroughLoopback(FRESH)).isFalse();
  }

  @Test
  void defaultRouteThroughAnotherDeviceDoesNotCount() {
    assertThat(
            LoopbackNamespace.hasIpv6DefaultRouteThroughLoopback(
                "00000000000000000000000000000000 00 00000000000000000000000000000000 00"
                    + " fe800000000000000000000000000001 00000400 00000001 00000000 00000003"
                    + "     eth0\n"))
        .isFalse();
  }

  @Test
  void emptyOrMalformedTableHasNoDefaultRoute() {
    assertThat(LoopbackNamespace.hasIpv6DefaultRouteThroughLoopback("")).isFalse();
    assertThat(LoopbackNamespace.hasIpv6DefaultRouteThroughLoopback("garbage lo\n")).isFalse();
  }
}
