package org.conclave.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.junit.jupiter.api.Test;

/** A plain DTLS 1.2 client from BouncyCastle that knows nothing of use_srtp (RFC 5764). */
class PeerWithoutUseSrtpTest {

  @Test
  void serverRefusesClientThatOffersNoUseSrtp() throws Exception {
    ExecutorService threads = Executors.newCachedThreadPool();
    ExecutorService network = Executors.newSingleThreadExecutor();
    DtlsPair.Outcome outcome = new DtlsPair.Outcome();
    QueuedDatagramTransport[] clientSide = new QueuedDatagramTransport[1];
    DtlsStack server =
        new DtlsStack(
            DtlsSettings.server(DtlsPair.SERVER_CERT, DtlsPair.CLIENT_CERT.fingerprint()),
            d -> network.execute(() -> clientSide[0].offer(d)),
            threads,
            outcome);
    clientSide[0] =
        new QueuedDatagramTransport(
            64,
            d -> network.execute(() -> server.receive(d, 0, d.length)),
            InstantSource.system(),
            new LongAdder(),
            new LongAdder());
    clientSide[0].setDeadline(System.currentTimeMillis() + 10_000);
    server.start();

    Future<?> client =
        threads.submit(
            () -> {
              new DTLSClientProtocol().connect(new PlainClient(), clientSide[0]);
              return null;
            });

    assertThat(outcome.awaitFailure().reason()).isEqualTo(DtlsFailure.Reason.NO_SRTP_PROFILE);
    assertThat(outcome.awaitFailure().detail()).contains("no use_srtp");
    try {
      client.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException expected) {
      assertThat(expected.getCause()).isInstanceOf(IOException.class);
    }
    server.close();
    threads.shutdown();
    network.shutdown();
  }

  /** DTLS 1.2 with BouncyCastle's defaults and no extensions of ours. */
  private static final class PlainClient extends DefaultTlsClient {
    PlainClient() {
      super(new BcTlsCrypto(new SecureRandom()));
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
      return ProtocolVersion.DTLSv12.only();
    }

    @Override
    public TlsAuthentication getAuthentication() {
      return new TlsAuthentication() {
        @Override
        public void notifyServerCertificate(TlsServerCertificate c) {}

        @Override
        public TlsCredentials getClientCredentials(CertificateRequest r) {
          return null;
        }
      };
    }
  }
}
