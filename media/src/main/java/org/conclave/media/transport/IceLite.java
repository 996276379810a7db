package org.conclave.media.transport;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.conclave.media.DropReason;
import org.conclave.media.Drops;
import org.conclave.media.stun.Stun;
import org.conclave.media.stun.StunMessage;
import org.conclave.media.stun.StunWriter;

/**
 * The demultiplexer on the media port and our ICE-lite agent (RFC 8445 §2.5): every peer shares the
 * one UDP port and the one ICE-TCP port. A packet is sorted by its first byte (RFC 7983 §7):
 *
 * <ul>
 *   <li>STUN (0-3): a Binding request whose USERNAME is {@code ourUfrag:theirUfrag} and whose
 *       MESSAGE-INTEGRITY checks with that transport's password binds the source address (or the
 *       TCP connection) to the transport, and is answered with its XOR-MAPPED-ADDRESS. Anything
 *       else is dropped and counted; unknown usernames get no answer, so the port tells a scanner
 *       nothing.
 *   <li>DTLS (20-63) and SRTP/SRTCP (128-191): go to the transport their source is bound to, or are
 *       dropped as {@link DropReason#UNKNOWN_SOURCE}.
 * </ul>
 *
 * <p>An ICE-lite agent is always controlled and never sends checks; the browser (a full agent)
 * nominates with USE-CANDIDATE and keeps consent fresh. Loop thread only.
 */
public final class IceLite implements PacketReceiver {

  private final Drops drops;
  private final int maxTransports;
  private final Map<String, PeerTransport> byUfrag = new HashMap<>();
  private final Map<Object, PeerTransport> byPath = new HashMap<>();
  private final byte[] stunOut = new byte[StunWriter.MAX_LENGTH];

  public IceLite(Drops drops, int maxTransports) {
    this.drops = Objects.requireNonNull(drops, "drops");
    this.maxTransports = maxTransports;
  }

  /** How many transports are registered. */
  public int transports() {
    return byUfrag.size();
  }

  /** How many source paths are bound to transports. */
  public int boundPaths() {
    return byPath.size();
  }

  IceCredentials register(PeerTransport transport) {
    if (byUfrag.size() >= maxTransports) {
      throw new IllegalStateException(
          "the media node already has " + maxTransports + " peer transports (its limit)");
    }
    IceCredentials c;
    do {
      c = IceCredentials.random();
    } while (byUfrag.containsKey(c.ufrag()));
    byUfrag.put(c.ufrag(), transport);
    return c;
  }

  IceCredentials reregister(PeerTransport transport, IceCredentials old) {
    byUfrag.remove(old.ufrag(), transport);
    return register(transport);
  }

  void unregister(PeerTransport transport, IceCredentials credentials) {
    byUfrag.remove(credentials.ufrag(), transport);
    for (Object path : List.copyOf(transport.paths())) {
      byPath.remove(path, transport);
    }
  }

  @Override
  public void onPacket(Object path, byte[] buf, int off, int len) {
    if (len < 1) {
      drops.count(DropReason.NOT_DEMULTIPLEXABLE);
      return;
    }
    int first = buf[off] & 0xFF;
    if (first <= 3) {
      onStun(path, buf, off, len);
    } else if (first >= 20 && first <= 63) {
      PeerTransport t = byPath.get(path);
      if (t == null) {
        drops.count(DropReason.UNKNOWN_SOURCE);
      } else {
        t.onDtls(buf, off, len);
      }
    } else if (first >= 128 && first <= 191) {
      PeerTransport t = byPath.get(path);
      if (t == null) {
        drops.count(DropReason.UNKNOWN_SOURCE);
      } else {
        t.onSrtp(buf, off, len);
      }
    } else {
      drops.count(DropReason.NOT_DEMULTIPLEXABLE);
    }
  }

  private void onStun(Object path, byte[] buf, int off, int len) {
    if (!Stun.looksLikeStun(buf, off, len)) {
      drops.count(DropReason.STUN_MALFORMED);
      return;
    }
    if (Stun.messageType(buf, off) != Stun.BINDING_REQUEST) {
      // Binding indications (keepalives) need no answer; responses are not for a lite agent.
      drops.count(DropReason.STUN_UNEXPECTED);
      return;
    }
    StunMessage request = StunMessage.parse(buf, off, len);
    if (request == null) {
      drops.count(DropReason.STUN_MALFORMED);
      return;
    }
    String username = request.username();
    int colon = username == null ? -1 : username.indexOf(':');
    if (colon <= 0) {
      drops.count(DropReason.STUN_UNKNOWN_USERNAME);
      return;
    }
    PeerTransport transport = byUfrag.get(username.substring(0, colon));
    String remote = transport == null ? null : transport.remoteUfrag();
    if (transport == null || (remote != null && !remote.equals(username.substring(colon + 1)))) {
      drops.count(DropReason.STUN_UNKNOWN_USERNAME);
      return;
    }
    byte[] key = transport.credentials().key();
    if (!request.integrityValid(key) || (request.hasFingerprint() && !request.fingerprintValid())) {
      drops.count(DropReason.STUN_BAD_INTEGRITY);
      return;
    }
    InetSocketAddress mapped = mappedAddress(path);
    if (mapped == null) {
      drops.count(DropReason.STUN_MALFORMED);
      return;
    }
    PeerTransport previous = byPath.get(path);
    if (previous != null && previous != transport) {
      // The address moved to another of our transports (e.g. a new connection from the same
      // browser port): the latest valid check wins.
      previous.onPathClosed(path);
    }
    byPath.put(path, transport);
    transport.onValidCheck(path, request.useCandidate());
    int n = StunWriter.bindingSuccess(request.transactionId(), mapped, key, stunOut, 0);
    transport.sendStun(path, stunOut, 0, n);
  }

  private static InetSocketAddress mappedAddress(Object path) {
    if (path instanceof InetSocketAddress a) {
      return a;
    }
    if (path instanceof TcpConnection c && c.remoteAddress() instanceof InetSocketAddress a) {
      return a;
    }
    return null;
  }

  @Override
  public void onPathClosed(Object path) {
    PeerTransport t = byPath.remove(path);
    if (t != null) {
      t.onPathClosed(path);
    }
  }
}
