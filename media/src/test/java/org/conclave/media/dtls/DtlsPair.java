package org.conclave.media.dtls;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Test wiring: a client and a server stack whose sinks deliver into each other's receive on one
 * "network" thread, as the transport loop would. A filter per direction may drop datagrams.
 */
final class DtlsPair implements AutoCloseable {

  static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();
  static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();

  final ExecutorService network = Executors.newSingleThreadExecutor();
  final ExecutorService handshakes =
      Executors.newCachedThreadPool(
          task -> {
            Thread t = new Thread(task, "dtls-handshake");
            t.setDaemon(true);
            return t;
          });
  final Outcome clientOutcome = new Outcome();
  final Outcome serverOutcome = new Outcome();
  final DtlsStack client;
  final DtlsStack server;

  DtlsPair() {
    this(UnaryOperator.identity(), UnaryOperator.identity(), d -> false, d -> false);
  }

  DtlsPair(
      UnaryOperator<DtlsSettings> clientSettings,
      UnaryOperator<DtlsSettings> serverSettings,
      Predicate<byte[]> dropFromClient,
      Predicate<byte[]> dropFromServer) {
    DtlsStack[] stacks = new DtlsStack[2];
    client =
        new DtlsStack(
            clientSettings.apply(
                DtlsSettings.client(CLIENT_CERT, SERVER_CERT.fingerprint())
                    .withHandshakeTimeout(Duration.ofSeconds(10))),
            deliverTo(() -> stacks[1], dropFromClient),
            handshakes,
            clientOutcome);
    server =
        new DtlsStack(
            serverSettings.apply(DtlsSettings.server(SERVER_CERT, CLIENT_CERT.fingerprint())),
            deliverTo(() -> stacks[0], dropFromServer),
            handshakes,
            serverOutcome);
    stacks[0] = client;
    stacks[1] = server;
  }

  private DatagramSink deliverTo(
      java.util.function.Supplier<DtlsStack> target, Predicate<byte[]> drop) {
    return datagram -> {
      if (!drop.test(datagram)) {
        network.execute(() -> target.get().receive(datagram, 0, datagram.length));
      }
    };
  }

  void start() {
    server.start();
    client.start();
  }

  @Override
  public void close() throws InterruptedException {
    client.close();
    server.close();
    network.shutdown();
    handshakes.shutdown();
    network.awaitTermination(5, TimeUnit.SECONDS);
    handshakes.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** Records what a stack reports. */
  static final class Outcome implements DtlsListener {
    final CompletableFuture<SrtpKeyingMaterial> keys = new CompletableFuture<>();
    final CompletableFuture<DtlsFailure> failure = new CompletableFuture<>();
    final CountDownLatch closedByPeer = new CountDownLatch(1);
    final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void handshakeCompleted(SrtpKeyingMaterial k) {
      threads.add(Thread.currentThread().getName());
      keys.complete(k);
    }

    @Override
    public void handshakeFailed(DtlsFailure f) {
      threads.add(Thread.currentThread().getName());
      failure.complete(f);
    }

    @Override
    public void closedByPeer() {
      closedByPeer.countDown();
    }

    SrtpKeyingMaterial awaitKeys() throws Exception {
      return keys.get(15, TimeUnit.SECONDS);
    }

    DtlsFailure awaitFailure() throws Exception {
      return failure.get(15, TimeUnit.SECONDS);
    }
  }
}
