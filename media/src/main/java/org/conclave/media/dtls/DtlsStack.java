package org.conclave.media.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.bouncycastle.tls.TlsTimeoutException;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * DTLS 1.2 for DTLS-SRTP (RFC 5764), one per peer transport. This class does no I/O and owns no
 * threads: datagrams come in through {@link #receive}, go out through the {@link DatagramSink}, and
 * BouncyCastle's blocking handshake runs on a thread borrowed from the {@link Executor} given at
 * construction, which it holds until the handshake ends (at most the handshake timeout).
 *
 * <p>Lifecycle: {@link #start()} once; exactly one of {@link DtlsListener#handshakeCompleted} (with
 * the SRTP profile and keys) or {@link DtlsListener#handshakeFailed} follows on the executor's
 * thread. After the handshake no application data flows (data channels are out of scope); incoming
 * records are still processed on the caller's thread of {@link #receive}, so BouncyCastle can
 * retransmit its last flight when the peer's retransmission shows it was lost (RFC 6347 §4.2.4),
 * and notice the peer's close_notify. {@link #close()} sends close_notify and releases everything.
 *
 * <p>The handshake fails when the peer's certificate does not hash to the fingerprint from its SDP
 * (compared in constant time), when the peer offers no SRTP profile we accept, when it is not ECDHE
 * with ECDSA and an AEAD cipher over DTLS 1.2 with extended master secret, or when it takes longer
 * than the configured timeout. No renegotiation and no session resumption: BouncyCastle's DTLS
 * supports neither, and a HelloRequest or new ClientHello after the handshake is dropped.
 *
 * <p>Bad input never escapes {@link #receive}: it is dropped and counted ({@link #counters()}). Nor
 * does a forged record end an established association: records that fail authentication are
 * discarded by BouncyCastle, and protected records too short for the cipher, which it would treat
 * as fatal, are dropped here first. Thread safety: {@link #receive}, {@link #close()} and {@link
 * #counters()} may be called from any thread; the transport loop normally calls receive from one.
 */
public final class DtlsStack {

  /** Datagrams waiting for the handshake thread; a handshake flight is a handful. */
  static final int QUEUE_CAPACITY = 64;

  private static final SecureRandom RANDOM = new SecureRandom();

  private enum State {
    NEW,
    HANDSHAKING,
    CONNECTED,
    FAILED,
    CLOSED
  }

  /**
   * A snapshot of the stack's counters.
   *
   * @param received datagrams accepted into the stack
   * @param sent datagrams handed to the sink
   * @param droppedNotDtls inputs that are not whole DTLS records (or bad buffer arguments), or that
   *     hold a protected record too short for the cipher
   * @param droppedOversized inputs longer than {@value QueuedDatagramTransport#RECEIVE_LIMIT} bytes
   * @param droppedAfterClose inputs after close or failure
   * @param droppedQueueFull inputs while the handshake thread was {@value #QUEUE_CAPACITY} behind
   * @param sendFailures datagrams the sink threw on
   * @param ignoredAfterHandshake of those received after the handshake, the ones that had no
   *     effect: BouncyCastle discarded them (forged, replayed, or a duplicate of a flight already
   *     answered) or they carried application data, which nothing here reads. Not in {@link
   *     #dropped()}: they were received.
   */
  public record Counters(
      long received,
      long sent,
      long droppedNotDtls,
      long droppedOversized,
      long droppedAfterClose,
      long droppedQueueFull,
      long sendFailures,
      long ignoredAfterHandshake) {

    /** All drops together. */
    public long dropped() {
      return droppedNotDtls + droppedOversized + droppedAfterClose + droppedQueueFull;
    }
  }

  private final DtlsSettings settings;
  private final Executor handshakeExecutor;
  private final DtlsListener listener;
  private final QueuedDatagramTransport transport;
  private final SrtpDtlsPeer peer;
  private final AtomicReference<State> state = new AtomicReference<>(State.NEW);
  private final Object connectedLock = new Object();
  private DTLSTransport connected; // guarded by connectedLock
  private final byte[] scratch = new byte[QueuedDatagramTransport.RECEIVE_LIMIT];
  // Until the handshake has chosen a cipher, the shortest fragment any of ours can have.
  private volatile int shortestProtectedFragment = PeerRules.SHORTEST_PROTECTED_FRAGMENT;

  private final LongAdder received = new LongAdder();
  private final LongAdder sent = new LongAdder();
  private final LongAdder droppedNotDtls = new LongAdder();
  private final LongAdder droppedOversized = new LongAdder();
  private final LongAdder droppedAfterClose = new LongAdder();
  private final LongAdder droppedQueueFull = new LongAdder();
  private final LongAdder sendFailures = new LongAdder();
  private final LongAdder ignoredAfterHandshake = new LongAdder();

  /**
   * Makes a stack; nothing happens before {@link #start()}.
   *
   * @param settings role, certificates, profiles, timeout, clock
   * @param sink where outgoing datagrams go
   * @param handshakeExecutor runs the blocking handshake; one task per stack, holding its thread
   *     for up to the handshake timeout
   * @param listener told of the outcome
   */
  public DtlsStack(
      DtlsSettings settings, DatagramSink sink, Executor handshakeExecutor, DtlsListener listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.handshakeExecutor = Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.transport =
        new QueuedDatagramTransport(
            QUEUE_CAPACITY,
            Objects.requireNonNull(sink, "sink"),
            settings.clock(),
            sent,
            sendFailures);
    BcTlsCrypto crypto = new BcTlsCrypto(RANDOM);
    this.peer =
        settings.role() == DtlsRole.SERVER
            ? new SrtpDtlsServer(crypto, settings)
            : new SrtpDtlsClient(crypto, settings);
  }

  public DtlsRole role() {
    return settings.role();
  }

  /**
   * Starts the handshake on the executor; the deadline starts now. A client sends its ClientHello
   * at once; a server waits for one. Calling it again does nothing.
   */
  public void start() {
    if (!state.compareAndSet(State.NEW, State.HANDSHAKING)) {
      return;
    }
    transport.setDeadline(settings.clock().millis() + settings.handshakeTimeout().toMillis());
    try {
      handshakeExecutor.execute(this::handshake);
    } catch (RejectedExecutionException e) {
      finishWithFailure(
          new DtlsFailure(
              DtlsFailure.Reason.INTERNAL_ERROR, "the handshake executor refused the task", e));
    }
  }

  /**
   * One datagram from the peer (already demultiplexed as DTLS, RFC 7983). The bytes are copied; the
   * caller keeps its buffer. Never throws: bad arguments, non-DTLS bytes, protected records too
   * short for the cipher, oversized datagrams, datagrams after close and datagrams beyond the
   * queue's capacity are dropped and counted. After the handshake the datagram is processed on this
   * thread, which may send a retransmission through the sink or call {@link
   * DtlsListener#closedByPeer()}.
   */
  public void receive(byte[] buf, int off, int len) {
    try {
      if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
        droppedNotDtls.increment();
        return;
      }
      State s = state.get();
      if (s == State.CLOSED || s == State.FAILED) {
        droppedAfterClose.increment();
        return;
      }
      if (len > QueuedDatagramTransport.RECEIVE_LIMIT) {
        droppedOversized.increment();
        return;
      }
      if (!DtlsRecords.isWellFormed(buf, off, len)
          || DtlsRecords.hasTooShortProtectedRecord(buf, off, len, shortestProtectedFragment)) {
        // BouncyCastle ends the association on a protected record too short for its cipher
        // (decode_error) instead of discarding it as RFC 6347 §4.1.2.7 asks; anyone who can send
        // from the peer's address could end it with 14 bytes. Such a record is never genuine.
        droppedNotDtls.increment();
        return;
      }
      byte[] copy = new byte[len];
      System.arraycopy(buf, off, copy, 0, len);
      switch (transport.offer(copy)) {
        case QUEUED -> received.increment();
        case FULL -> {
          droppedQueueFull.increment();
          return;
        }
        case CLOSED -> {
          droppedAfterClose.increment();
          return;
        }
      }
      if (state.get() == State.CONNECTED) {
        // After the handshake a genuine record does something: BouncyCastle answers a
        // retransmitted flight (RFC 6347 §4.2.4) or the peer's close_notify ends the association.
        long sentBefore = sent.sum();
        if (!processWhileConnected() && sent.sum() == sentBefore) {
          ignoredAfterHandshake.increment();
        }
      }
    } catch (RuntimeException e) {
      // Defensive: nothing a peer sends may take down the transport loop (ARCHITECTURE rule 5).
      droppedNotDtls.increment();
    }
  }

  /**
   * Ends the association: sends close_notify when connected (RFC 5246 §7.2.1), wakes and fails a
   * handshake in progress ({@link DtlsFailure.Reason#CLOSED}), drops everything queued. Idempotent.
   */
  public void close() {
    State previous = state.getAndSet(State.CLOSED);
    if (previous == State.CLOSED) {
      return;
    }
    if (previous == State.FAILED) {
      state.set(State.FAILED);
    }
    synchronized (connectedLock) {
      if (connected != null) {
        try {
          connected.close(); // close_notify through the sink, then closes our transport
        } catch (IOException | RuntimeException e) {
          // Closing anyway; nothing to tell the peer that it will not learn from silence.
        }
      }
    }
    transport.close();
    if (previous == State.NEW) {
      safely(
          () ->
              listener.handshakeFailed(
                  new DtlsFailure(DtlsFailure.Reason.CLOSED, "closed before start", null)));
    }
  }

  public Counters counters() {
    return new Counters(
        received.sum(),
        sent.sum(),
        droppedNotDtls.sum(),
        droppedOversized.sum(),
        droppedAfterClose.sum(),
        droppedQueueFull.sum(),
        sendFailures.sum(),
        ignoredAfterHandshake.sum());
  }

  /** True between a completed handshake and close. */
  public boolean isConnected() {
    return state.get() == State.CONNECTED;
  }

  /** Runs on the executor's thread: the only place that blocks. */
  private void handshake() {
    DTLSTransport dtls;
    try {
      if (peer instanceof SrtpDtlsServer server) {
        DTLSServerProtocol protocol = new DTLSServerProtocol();
        // No HelloVerifyRequest cookie round trip: ICE connectivity checks have already proven
        // the peer's address (RFC 8445 §7.2.5), which is what the cookie would prove.
        protocol.setVerifyRequests(false);
        dtls = protocol.accept(server, transport);
      } else {
        dtls = new DTLSClientProtocol().connect((SrtpDtlsClient) peer, transport);
      }
    } catch (IOException e) {
      finishWithFailure(classify(e));
      return;
    } catch (RuntimeException e) {
      finishWithFailure(
          new DtlsFailure(DtlsFailure.Reason.INTERNAL_ERROR, "BouncyCastle threw " + e, e));
      return;
    }
    SrtpKeyingMaterial keys = peer.keys();
    shortestProtectedFragment = PeerRules.shortestProtectedFragment(peer.cipherSuite());
    synchronized (connectedLock) {
      transport.stopBlocking();
      connected = dtls;
    }
    if (!state.compareAndSet(State.HANDSHAKING, State.CONNECTED)) {
      // close() raced with the end of the handshake: it may have missed the transport.
      synchronized (connectedLock) {
        try {
          dtls.close();
        } catch (IOException | RuntimeException e) {
          // closing anyway
        }
      }
      transport.close();
      safely(
          () ->
              listener.handshakeFailed(
                  new DtlsFailure(DtlsFailure.Reason.CLOSED, "closed during the handshake", null)));
      return;
    }
    safely(() -> listener.handshakeCompleted(keys));
    processWhileConnected(); // datagrams that arrived while the handshake was finishing
  }

  private void finishWithFailure(DtlsFailure failure) {
    boolean closedByUs = !state.compareAndSet(State.HANDSHAKING, State.FAILED);
    transport.close();
    DtlsFailure reported =
        closedByUs
            ? new DtlsFailure(DtlsFailure.Reason.CLOSED, "closed during the handshake", null)
            : failure;
    safely(() -> listener.handshakeFailed(reported));
  }

  private DtlsFailure classify(IOException e) {
    DtlsFailure ours = peer.failure();
    if (ours != null) {
      return new DtlsFailure(ours.reason(), ours.detail(), e);
    }
    if (e instanceof TlsTimeoutException) {
      return new DtlsFailure(
          DtlsFailure.Reason.TIMEOUT, "no DTLS handshake within " + settings.handshakeTimeout(), e);
    }
    if (e instanceof TlsFatalAlertReceived alert) {
      return new DtlsFailure(
          DtlsFailure.Reason.ALERT_RECEIVED,
          "the peer sent " + AlertDescription.getText(alert.getAlertDescription()),
          e);
    }
    if (e instanceof TlsFatalAlert alert) {
      return new DtlsFailure(
          DtlsFailure.Reason.PROTOCOL_ERROR,
          "handshake refused: " + AlertDescription.getText(alert.getAlertDescription()),
          e);
    }
    return new DtlsFailure(DtlsFailure.Reason.PROTOCOL_ERROR, String.valueOf(e.getMessage()), e);
  }

  /**
   * Feeds queued datagrams to BouncyCastle without blocking: handshake retransmissions answered,
   * alerts noticed, application data discarded. Returns whether the association ended.
   */
  private boolean processWhileConnected() {
    boolean peerClosed = false;
    synchronized (connectedLock) {
      if (connected == null || state.get() != State.CONNECTED) {
        return false;
      }
      while (transport.hasQueued()) {
        try {
          // waitMillis 1, not 0: BouncyCastle reads 0 as "wait forever".
          connected.receive(scratch, 0, scratch.length, 1);
        } catch (QueuedDatagramTransport.NothingQueued e) {
          break;
        } catch (IOException | RuntimeException e) {
          peerClosed = true; // a fatal alert or a broken record layer: the association is over
          break;
        }
        if (transport.isClosed()) {
          peerClosed = true; // BouncyCastle closes our transport on the peer's close_notify
          break;
        }
      }
      if (peerClosed) {
        transport.close();
      }
    }
    if (peerClosed && state.compareAndSet(State.CONNECTED, State.CLOSED)) {
      safely(listener::closedByPeer);
    }
    return peerClosed;
  }

  private static void safely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      // A listener's bug must not kill the handshake thread or the transport loop.
    }
  }
}
