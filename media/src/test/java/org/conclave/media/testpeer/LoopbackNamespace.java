package org.conclave.media.testpeer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Tells whether this JVM runs where real WebRTC peers may run: in a private network namespace where
 * {@code lo} is the only interface that is up (a new namespace may also hold tunnel devices such as
 * {@code sit0}, down and without addresses), with an IPv6 default route through it.
 *
 * <p>There, libwebrtc (which skips loopback adapters when it enumerates them) finds {@code ::1} as
 * its default local address and gathers host candidates on it, and no packet can reach another
 * machine. Outside such a namespace it would announce and use the machine's real addresses, which
 * tests must never do (WEBRTC-ON-THIS-MACHINE.md: traffic stays on this machine).
 */
final class LoopbackNamespace {

  private static final Path IPV6_ROUTES = Path.of("/proc/net/ipv6_route");

  private LoopbackNamespace() {}

  /**
   * Why WebRTC peers may not run in this JVM, or empty when they may. Reads the network interfaces
   * and {@code /proc/net/ipv6_route}; any thread.
   */
  static Optional<String> problem() {
    List<NetworkInterface> interfaces;
    try {
      interfaces = NetworkInterface.networkInterfaces().collect(Collectors.toList());
    } catch (SocketException e) {
      return Optional.of("cannot list the network interfaces: " + e.getMessage());
    }
    String others =
        interfaces.stream()
            .filter(i -> !isLoopback(i) && isUp(i))
            .map(NetworkInterface::getName)
            .sorted()
            .collect(Collectors.joining(", "));
    if (!others.isEmpty()) {
      return Optional.of(
          "not in a private network namespace: interfaces other than lo are up (%s)"
              .formatted(others));
    }
    if (interfaces.stream().noneMatch(LoopbackNamespace::isUp)) {
      return Optional.of("the loopback interface is down (ip link set lo up)");
    }
    String routes;
    try {
      routes = Files.readString(IPV6_ROUTES);
    } catch (IOException | UncheckedIOException e) {
      return Optional.of("cannot read " + IPV6_ROUTES + ": " + e.getMessage());
    }
    if (!hasIpv6DefaultRouteThroughLoopback(routes)) {
      return Optional.of(
          "no IPv6 default route through lo (ip -6 route add default dev lo):"
              + " libwebrtc would gather no candidates");
    }
    return Optional.empty();
  }

  /**
   * Whether a {@code /proc/net/ipv6_route} table holds a usable default route through {@code lo}.
   * Each line is: destination, its prefix length, source, its prefix length, next hop, metric,
   * reference count, use count, flags, device. A fresh namespace already lists an unreachable
   * default route on {@code lo} with metric {@code ffffffff}; that one does not count.
   */
  static boolean hasIpv6DefaultRouteThroughLoopback(String table) {
    return table
        .lines()
        .map(line -> line.trim().split("\\s+"))
        .anyMatch(
            f ->
                f.length == 10
                    && f[0].equals("0".repeat(32))
                    && f[1].equals("00")
                    && !f[5].equalsIgnoreCase("ffffffff")
                    && f[9].equals("lo"));
  }

  private static boolean isLoopback(NetworkInterface i) {
    try {
      return i.isLoopback();
    } catch (SocketException e) {
      return false;
    }
  }

  private static boolean isUp(NetworkInterface i) {
    try {
      return i.isUp();
    } catch (SocketException e) {
      return false;
    }
  }
}
