package org.conclave.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Jazzer fuzz target: arbitrary datagrams into a started server stack. Without JAZZER_FUZZ it runs
 * once per seed in DtlsFuzzTestInputs/ (regression mode).
 */
class DtlsFuzzTest {

  private static final ExecutorService HANDSHAKES = Executors.newCachedThreadPool();

  /** Several datagrams of any bytes: receive never throws and every input is counted once. */
  @FuzzTest
  void serverReceiveNeverThrows(FuzzedDataProvider data) {
    DtlsStack server =
        new DtlsStack(
            DtlsSettings.server(DtlsPair.SERVER_CERT, DtlsPair.CLIENT_CERT.fingerprint()),
            d -> {},
            HANDSHAKES,
            new DtlsPair.Outcome());
    server.start();
    int datagrams = 0;
    while (data.remainingBytes() > 0 && datagrams < 16) {
      byte[] datagram = data.consumeBytes(data.consumeInt(0, 2000));
      int off = datagram.length == 0 ? 0 : data.consumeInt(0, datagram.length);
      server.receive(datagram, off, datagram.length - off);
      datagrams++;
    }
    DtlsStack.Counters counters = server.counters();
    assertThat(counters.received() + counters.dropped()).isEqualTo(datagrams);
    server.close();
  }
}
