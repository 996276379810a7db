package org.conclave.media.client;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.conclave.media.stun.Stun;
import org.conclave.media.stun.StunMessage;
import org.conclave.media.stun.StunWriter;
import org.conclave.media.transport.IceCredentials;

/**
 * A {@link ClientPeer}'s ICE agent: controlling and full (RFC 8445), reduced to what one host pair
 * towards an ICE-lite node needs. While the node's current credentials have not answered, it sends
 * a nominating check (USE-CANDIDATE, aggressive nomination) every check interval; once answered, a
 * consent check (RFC 7675) every consent interval while consent is on. New credentials on either
 * side (an ICE restart) start the checks again at once. It also answers the other side's checks
 * (RFC 8445 §7.3), as a full agent must: Janus's libnice, even in ICE-lite mode, sends a triggered
 * check back on the pair we nominated and takes the pair only once that is answered. Peer's thread
 * only.
 */
final class ClientIce {

  /** What the agent needs from its peer. */
  interface Host {
    /** The node's side from its latest description, or null. */
    ClientSdp.Remote remote();

    /** Bumped each time the node's description (and so possibly its credentials) changes. */
    int remoteGeneration();

    IceCredentials local();

    boolean consentChecks();

    /** Sends a STUN message on the path; false when it did not go. */
    boolean send(byte[] buf, int off, int len);

    /** The first check was answered: the path works (start DTLS). */
    void pathConfirmed();
  }

  /** RFC 8445 §7.1.1: PRIORITY is what a peer-reflexive candidate of ours would have. */
  static final long PEER_REFLEXIVE_PRIORITY = (110L << 24) + (65535L << 8) + 255;

  private static final SecureRandom RANDOM = new SecureRandom();

  private record Pending(byte[] key, int generation) {}

  private final Host host;
  private final ClientOptions options;
  private final ClientCounters counters;
  private final long tieBreaker = RANDOM.nextLong();
  private final byte[] out = new byte[StunWriter.MAX_LENGTH];
  // Checks in flight, by transaction id; the oldest are forgotten (they were lost).
  private final Map<ByteBuffer, Pending> pending =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Pending> eldest) {
          return size() > 64;
        }
      };
  private boolean begun;
  private boolean confirmed;
  private int answeredGeneration = -1;
  private int seenGeneration = -1;
  private String seenLocalUfrag;
  private long nextCheckNanos;

  ClientIce(Host host, ClientOptions options, ClientCounters counters) {
    this.host = host;
    this.options = options;
    this.counters = counters;
  }

  /** Starts checking now. */
  void begin(long nowNanos) {
    begun = true;
    nextCheckNanos = nowNanos;
  }

  /** Sends what is due; returns how long the peer's loop may sleep, in milliseconds. */
  long onTimer(long now) {
    ClientSdp.Remote remote = host.remote();
    if (!begun || remote == null) {
      return 100;
    }
    int generation = host.remoteGeneration();
    String localUfrag = host.local().ufrag();
    if (generation != seenGeneration || !localUfrag.equals(seenLocalUfrag)) {
      seenGeneration = generation; // new credentials: check them now
      seenLocalUfrag = localUfrag;
      answeredGeneration = -1;
      nextCheckNanos = now;
    }
    if (now - nextCheckNanos >= 0) {
      if (answeredGeneration != generation) {
        send(remote, generation, true);
        nextCheckNanos = now + options.checkInterval().toNanos();
      } else if (host.consentChecks()) {
        send(remote, generation, false);
        nextCheckNanos = now + options.consentInterval().toNanos();
      } else {
        nextCheckNanos = now + options.checkInterval().toNanos();
      }
    }
    return Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(nextCheckNanos - now)));
  }

  private void send(ClientSdp.Remote remote, int generation, boolean nominate) {
    byte[] transactionId = new byte[12];
    RANDOM.nextBytes(transactionId);
    byte[] key = remote.password().getBytes(StandardCharsets.UTF_8);
    // RFC 8445 §7.2.2: USERNAME is the remote ufrag, a colon, our ufrag.
    String username = remote.ufrag() + ":" + host.local().ufrag();
    int n =
        StunWriter.bindingRequest(
            transactionId, username, PEER_REFLEXIVE_PRIORITY, tieBreaker, nominate, key, out, 0);
    pending.put(ByteBuffer.wrap(transactionId), new Pending(key, generation));
    if (host.send(out, 0, n)) {
      counters.checksSent.increment();
    }
  }

  /**
   * A STUN message from the node. A Binding success for a check in flight, with valid
   * MESSAGE-INTEGRITY (the password the check used) and FINGERPRINT, counts; a Binding request is
   * answered ({@link #answer}); anything else is dropped and counted.
   */
  void onStun(byte[] buf, int off, int len) {
    StunMessage m = Stun.looksLikeStun(buf, off, len) ? StunMessage.parse(buf, off, len) : null;
    if (m != null && m.type() == Stun.BINDING_REQUEST) {
      answer(m);
      return;
    }
    Pending p =
        m == null || m.type() != Stun.BINDING_SUCCESS
            ? null
            : pending.remove(ByteBuffer.wrap(m.transactionId()));
    if (p == null || !m.integrityValid(p.key()) || !m.hasFingerprint() || !m.fingerprintValid()) {
      counters.dropped.increment();
      return;
    }
    counters.checkResponses.increment();
    if (p.generation() == seenGeneration && answeredGeneration != seenGeneration) {
      answeredGeneration = seenGeneration;
      nextCheckNanos = System.nanoTime() + options.consentInterval().toNanos();
    }
    if (!confirmed) {
      confirmed = true;
      host.pathConfirmed();
    }
  }

  /**
   * Answers a check from the node with a Binding success (XOR-MAPPED-ADDRESS: the node's own
   * address, the only one our path accepts datagrams from) when its USERNAME is {@code
   * ourUfrag:nodeUfrag}, its MESSAGE-INTEGRITY verifies with our password and its FINGERPRINT is
   * valid, and it does not claim the controlling role (we are always controlling and never switch:
   * such a check is dropped, as is every other that fails).
   */
  private void answer(StunMessage request) {
    ClientSdp.Remote remote = host.remote();
    IceCredentials local = host.local();
    InetSocketAddress from =
        remote == null
            ? null
            : options.transport() == ClientOptions.Transport.UDP ? remote.udp() : remote.tcp();
    byte[] key = local.password().getBytes(StandardCharsets.UTF_8);
    if (from == null
        || !(local.ufrag() + ":" + remote.ufrag()).equals(request.username())
        || !request.integrityValid(key)
        || !request.hasFingerprint()
        || !request.fingerprintValid()
        || request.iceControlling()) {
      counters.dropped.increment();
      return;
    }
    int n = StunWriter.bindingSuccess(request.transactionId(), from, key, out, 0);
    host.send(out, 0, n);
  }
}
