package org.conclave.media.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.bouncycastle.tls.ContentType;
import org.conclave.media.sdp.WebRtcSdp;
import org.conclave.media.srtp.SrtpProfile;
import org.junit.jupiter.api.Test;

class DtlsStackTest {

  private static final UnaryOperator<DtlsSettings> SAME = UnaryOperator.identity();

  @Test
  void handshakeDerivesIdenticalKeysOnBothSidesWithGcmPreferred() throws Exception {
    try (DtlsPair pair = new DtlsPair()) {
      pair.start();
      SrtpKeyingMaterial client = pair.clientOutcome.awaitKeys();
      SrtpKeyingMaterial server = pair.serverOutcome.awaitKeys();

      assertThat(client.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
      assertThat(client.sameKeysAs(server)).isTrue();
      assertThat(client.clientWriteKey()).hasSize(16).isNotEqualTo(client.serverWriteKey());
      assertThat(client.clientWriteSalt()).hasSize(12);
      assertThat(client.localWriteKey()).isEqualTo(server.remoteWriteKey());
      assertThat(server.localWriteSalt()).isEqualTo(client.remoteWriteSalt());
      assertThat(pair.client.isConnected()).isTrue();
      assertThat(pair.server.isConnected()).isTrue();
    }
  }

  @Test
  void keysFromTheHandshakeLetEachSideReadTheOthersSrtp() throws Exception {
    try (DtlsPair pair = new DtlsPair()) {
      pair.start();
      var client =
          new org.conclave.media.srtp.SrtpSession(pair.clientOutcome.awaitKeys().srtpKeys());
      var server =
          new org.conclave.media.srtp.SrtpSession(pair.serverOutcome.awaitKeys().srtpKeys());
      byte[] rtp = new byte[12 + 4 + 64];
      rtp[0] = (byte) 0x80;
      rtp[1] = 111;
      rtp[3] = 1; // sequence number 1
      rtp[11] = 42; // SSRC 42
      rtp[12] = 1;
      rtp[13] = 2;
      rtp[14] = 3;
      rtp[15] = 4;
      byte[] original = java.util.Arrays.copyOf(rtp, 16);

      int protectedLength = client.protectRtp(rtp, 0, 16);
      assertThat(protectedLength).isGreaterThan(16);
      assertThat(java.util.Arrays.copyOfRange(rtp, 12, 16)).isNotEqualTo(new byte[] {1, 2, 3, 4});
      int plainLength = server.unprotectRtp(rtp, 0, protectedLength);

      assertThat(plainLength).isEqualTo(16);
      assertThat(java.util.Arrays.copyOf(rtp, 16)).isEqualTo(original);
    }
  }

  @Test
  void handshakeDerivesIdenticalKeysOnBothSidesWithAesCm() throws Exception {
    UnaryOperator<DtlsSettings> cmOnly =
        s -> s.withSrtpProfiles(List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
    try (DtlsPair pair = new DtlsPair(SAME, cmOnly, d -> false, d -> false)) {
      pair.start();
      SrtpKeyingMaterial client = pair.clientOutcome.awaitKeys();
      SrtpKeyingMaterial server = pair.serverOutcome.awaitKeys();

      assertThat(server.profile()).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
      assertThat(client.sameKeysAs(server)).isTrue();
      assertThat(client.serverWriteSalt()).hasSize(14);
    }
  }

  @Test
  void outcomeIsReportedOnTheHandshakeExecutorsThread() throws Exception {
    try (DtlsPair pair = new DtlsPair()) {
      pair.start();
      pair.serverOutcome.awaitKeys();
      pair.clientOutcome.awaitKeys();

      assertThat(pair.serverOutcome.threads).containsExactly("dtls-handshake");
      assertThat(pair.clientOutcome.threads).containsExactly("dtls-handshake");
    }
  }

  @Test
  void serverRefusesClientWhoseCertificateDoesNotMatchItsFingerprint() throws Exception {
    UnaryOperator<DtlsSettings> wrongExpectation = s -> withRemote(s, otherFingerprint());
    try (DtlsPair pair = new DtlsPair(SAME, wrongExpectation, d -> false, d -> false)) {
      pair.start();

      assertThat(pair.serverOutcome.awaitFailure().reason())
          .isEqualTo(DtlsFailure.Reason.FINGERPRINT_MISMATCH);
      assertThat(pair.clientOutcome.awaitFailure().reason())
          .isEqualTo(DtlsFailure.Reason.ALERT_RECEIVED);
      assertThat(pair.serverOutcome.keys).isNotDone();
    }
  }

  @Test
  void clientRefusesServerWhoseCertificateDoesNotMatchItsFingerprint() throws Exception {
    UnaryOperator<DtlsSettings> wrongExpectation = s -> withRemote(s, otherFingerprint());
    try (DtlsPair pair = new DtlsPair(wrongExpectation, SAME, d -> false, d -> false)) {
      pair.start();

      assertThat(pair.clientOutcome.awaitFailure().reason())
          .isEqualTo(DtlsFailure.Reason.FINGERPRINT_MISMATCH);
      assertThat(pair.serverOutcome.awaitFailure().reason())
          .isEqualTo(DtlsFailure.Reason.ALERT_RECEIVED);
    }
  }

  @Test
  void fingerprintWithOneFlippedBitIsRefused() throws Exception {
    byte[] value = DtlsPair.CLIENT_CERT.fingerprint().value();
    value[31] ^= 1;
    UnaryOperator<DtlsSettings> nearMiss =
        s -> withRemote(s, new WebRtcSdp.Fingerprint("sha-256", value));
    try (DtlsPair pair = new DtlsPair(SAME, nearMiss, d -> false, d -> false)) {
      pair.start();

      assertThat(pair.serverOutcome.awaitFailure().reason())
          .isEqualTo(DtlsFailure.Reason.FINGERPRINT_MISMATCH);
    }
  }

  @Test
  void handshakeFailsWhenTheOffersShareNoSrtpProfile() throws Exception {
    UnaryOperator<DtlsSettings> cmOnly =
        s -> s.withSrtpProfiles(List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80));
    UnaryOperator<DtlsSettings> gcmOnly =
        s -> s.withSrtpProfiles(List.of(SrtpProfile.AEAD_AES_128_GCM));
    try (DtlsPair pair = new DtlsPair(cmOnly, gcmOnly, d -> false, d -> false)) {
      pair.start();

      assertThat(pair.serverOutcome.awaitFailure().reason())
          .isEqualTo(DtlsFailure.Reason.NO_SRTP_PROFILE);
      assertThat(pair.clientOutcome.awaitFailure().reason())
          .isEqualTo(DtlsFailure.Reason.ALERT_RECEIVED);
    }
  }

  @Test
  void handshakeCompletesWhenEachSidesFirstDatagramIsLost() throws Exception {
    AtomicInteger fromClient = new AtomicInteger();
    AtomicInteger fromServer = new AtomicInteger();
    try (DtlsPair pair =
        new DtlsPair(
            SAME,
            SAME,
            d -> fromClient.getAndIncrement() == 0, // the ClientHello
            d -> fromServer.getAndIncrement() == 0)) { // the ServerHello
      pair.start();

      assertThat(pair.clientOutcome.awaitKeys().sameKeysAs(pair.serverOutcome.awaitKeys()))
          .isTrue();
      assertThat(fromClient.get()).isGreaterThan(1);
    }
  }

  @Test
  void lostFinalFlightIsRetransmittedByTheConnectedServer() throws Exception {
    // The server's last flight is ChangeCipherSpec (epoch 0) and Finished (epoch 1). Dropping
    // both leaves the client retransmitting, and the server, already connected, must answer
    // on the thread that feeds it datagrams (RFC 6347 §4.2.4).
    AtomicInteger droppedCcs = new AtomicInteger();
    AtomicInteger droppedFinished = new AtomicInteger();
    try (DtlsPair pair =
        new DtlsPair(
            SAME,
            SAME,
            d -> false,
            d -> {
              if (d[0] == ContentType.change_cipher_spec) {
                return droppedCcs.getAndIncrement() == 0;
              }
              if (epoch(d) == 1 && d[0] == ContentType.handshake) {
                return droppedFinished.getAndIncrement() == 0;
              }
              return false;
            })) {
      pair.start();

      SrtpKeyingMaterial server = pair.serverOutcome.awaitKeys();
      assertThat(pair.clientOutcome.awaitKeys().sameKeysAs(server)).isTrue();
      assertThat(droppedFinished.get()).isGreaterThan(1);
    }
  }

  @Test
  void garbageIsDroppedAndCountedWithoutException() throws Exception {
    try (DtlsPair pair = new DtlsPair()) {
      DtlsStack server = pair.server;
      server.start();
      Random random = new Random(7);
      for (int i = 0; i < 20; i++) {
        byte[] junk = new byte[1 + random.nextInt(200)];
        random.nextBytes(junk);
        junk[0] = (byte) (64 + random.nextInt(100)); // outside RFC 7983's DTLS range
        server.receive(junk, 0, junk.length);
      }
      server.receive(null, 0, 10);
      server.receive(new byte[10], 5, 10);
      server.receive(new byte[10], -1, 2);
      byte[] truncatedRecord = {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 50, 1};
      server.receive(truncatedRecord, 0, truncatedRecord.length);
      byte[] oversized = new byte[QueuedDatagramTransport.RECEIVE_LIMIT + 1];
      oversized[0] = 22;
      server.receive(oversized, 0, oversized.length);

      DtlsStack.Counters counters = server.counters();
      assertThat(counters.droppedNotDtls()).isEqualTo(24);
      assertThat(counters.droppedOversized()).isEqualTo(1);
      assertThat(counters.received()).isZero();
      assertThat(counters.sent()).isZero();
    }
  }

  @Test
  void wellFormedRecordsThatAreNotAHandshakeDoNotBreakTheServer() throws Exception {
    try (DtlsPair pair = new DtlsPair()) {
      // An application_data record before any handshake: accepted as DTLS, ignored by the
      // record layer; the real handshake still completes.
      byte[] appData = {23, (byte) 0xFE, (byte) 0xFD, 0, 1, 0, 0, 0, 0, 0, 7, 0, 2, 1, 2};
      pair.server.receive(appData, 0, appData.length);
      pair.start();

      assertThat(pair.serverOutcome.awaitKeys().sameKeysAs(pair.clientOutcome.awaitKeys()))
          .isTrue();
      assertThat(pair.server.counters().received()).isGreaterThan(1);
    }
  }

  @Test
  void aProtectedRecordTooShortForTheCipherIsDroppedAndTheAssociationSurvives() throws Exception {
    try (DtlsPair pair = new DtlsPair()) {
      pair.start();
      pair.serverOutcome.awaitKeys();
      pair.clientOutcome.awaitKeys();
      long droppedBefore = pair.server.counters().droppedNotDtls();
      // Epoch 1 records of 0-23 bytes: AES-GCM needs 24 (nonce and tag), and BouncyCastle would
      // answer a shorter one with a fatal decode_error instead of discarding it.
      for (int length = 0; length < 24; length++) {
        byte[] record = new byte[13 + length];
        record[0] = ContentType.alert;
        record[1] = (byte) 0xFE;
        record[2] = (byte) 0xFD;
        record[4] = 1; // epoch 1
        record[10] = (byte) length; // sequence number
        record[12] = (byte) length;
        pair.server.receive(record, 0, record.length);
      }

      assertThat(pair.serverOutcome.closedByPeer.await(200, TimeUnit.MILLISECONDS)).isFalse();
      assertThat(pair.server.isConnected()).isTrue();
      assertThat(pair.server.counters().droppedNotDtls() - droppedBefore).isEqualTo(24);
      pair.client.close(); // a genuine close_notify still ends it
      assertThat(pair.serverOutcome.closedByPeer.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void recordsWithoutEffectAfterTheHandshakeAreCountedAsIgnored() throws Exception {
    try (DtlsPair pair = new DtlsPair()) {
      pair.start();
      pair.serverOutcome.awaitKeys();
      pair.clientOutcome.awaitKeys();
      Random random = new Random(3);
      // Well-formed records of every type whose contents are junk: a forged epoch-1 record fails
      // its tag, an epoch-0 one is no retransmitted flight, epoch 2 does not exist.
      for (int epoch = 0; epoch <= 2; epoch++) {
        for (int type = 20; type <= 23; type++) {
          byte[] record = new byte[13 + 40];
          random.nextBytes(record);
          record[0] = (byte) type;
          record[1] = (byte) 0xFE;
          record[2] = (byte) 0xFD;
          record[3] = 0;
          record[4] = (byte) epoch;
          record[11] = 0;
          record[12] = 40;
          pair.server.receive(record, 0, record.length);
        }
      }

      DtlsStack.Counters counters = pair.server.counters();
      assertThat(counters.ignoredAfterHandshake()).isEqualTo(12);
      assertThat(pair.server.isConnected()).isTrue();
    }
  }

  @Test
  void serverHandshakeTimesOutWhenNoClientComes() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    DtlsPair.Outcome outcome = new DtlsPair.Outcome();
    DtlsStack server =
        new DtlsStack(
            DtlsSettings.server(DtlsPair.SERVER_CERT, DtlsPair.CLIENT_CERT.fingerprint())
                .withHandshakeTimeout(Duration.ofMillis(300)),
            d -> {},
            executor,
            outcome);
    server.start();

    DtlsFailure failure = outcome.awaitFailure();
    assertThat(failure.reason()).isEqualTo(DtlsFailure.Reason.TIMEOUT);
    assertThat(server.isConnected()).isFalse();
    executor.shutdown();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void clientHandshakeTimesOutWhenTheInjectedClockPassesTheDeadline() throws Exception {
    AtomicLong now = new AtomicLong(1_000_000);
    InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    ExecutorService executor = Executors.newSingleThreadExecutor();
    DtlsPair.Outcome outcome = new DtlsPair.Outcome();
    AtomicInteger sent = new AtomicInteger();
    DtlsStack client =
        new DtlsStack(
            DtlsSettings.client(DtlsPair.CLIENT_CERT, DtlsPair.SERVER_CERT.fingerprint())
                .withHandshakeTimeout(Duration.ofSeconds(10))
                .withClock(clock),
            d -> sent.incrementAndGet(),
            executor,
            outcome);
    client.start();
    Thread.sleep(100);
    assertThat(outcome.failure).isNotDone();

    now.addAndGet(10_001);

    assertThat(outcome.awaitFailure().reason()).isEqualTo(DtlsFailure.Reason.TIMEOUT);
    assertThat(sent.get()).isGreaterThanOrEqualTo(1); // the ClientHello went out
    executor.shutdown();
  }

  @Test
  void closeSendsCloseNotifyWhichThePeerReportsAsClosed() throws Exception {
    try (DtlsPair pair = new DtlsPair()) {
      pair.start();
      pair.clientOutcome.awaitKeys();
      pair.serverOutcome.awaitKeys();
      long sentBefore = pair.client.counters().sent();

      pair.client.close();

      assertThat(pair.serverOutcome.closedByPeer.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(pair.client.counters().sent()).isEqualTo(sentBefore + 1);
      assertThat(pair.client.isConnected()).isFalse();
      assertThat(pair.server.isConnected()).isFalse();
    }
  }

  @Test
  void datagramsAfterCloseAreDroppedAndCounted() throws Exception {
    try (DtlsPair pair = new DtlsPair()) {
      pair.start();
      pair.serverOutcome.awaitKeys();
      pair.clientOutcome.awaitKeys();
      pair.server.close();
      assertThat(pair.clientOutcome.closedByPeer.await(5, TimeUnit.SECONDS)).isTrue();
      pair.network.submit(() -> {}).get(5, TimeUnit.SECONDS); // the client's answer has arrived
      long before = pair.server.counters().droppedAfterClose();
      byte[] record = {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0, 0, 0, 0, 0, 9, 0, 1, 1};

      pair.server.receive(record, 0, record.length);

      assertThat(pair.server.counters().droppedAfterClose()).isEqualTo(before + 1);
    }
  }

  @Test
  void closeDuringTheHandshakeReportsClosed() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    DtlsPair.Outcome outcome = new DtlsPair.Outcome();
    DtlsStack server =
        new DtlsStack(
            DtlsSettings.server(DtlsPair.SERVER_CERT, DtlsPair.CLIENT_CERT.fingerprint()),
            d -> {},
            executor,
            outcome);
    server.start();
    Thread.sleep(50);

    server.close();

    assertThat(outcome.awaitFailure().reason()).isEqualTo(DtlsFailure.Reason.CLOSED);
    executor.shutdown();
    assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void refusedExecutorIsReportedAsFailure() throws Exception {
    DtlsPair.Outcome outcome = new DtlsPair.Outcome();
    DtlsStack server =
        new DtlsStack(
            DtlsSettings.server(DtlsPair.SERVER_CERT, DtlsPair.CLIENT_CERT.fingerprint()),
            d -> {},
            task -> {
              throw new java.util.concurrent.RejectedExecutionException("full");
            },
            outcome);

    server.start();

    assertThat(outcome.awaitFailure().reason()).isEqualTo(DtlsFailure.Reason.INTERNAL_ERROR);
  }

  private static int epoch(byte[] record) {
    return ((record[3] & 0xFF) << 8) | (record[4] & 0xFF);
  }

  private static WebRtcSdp.Fingerprint otherFingerprint() {
    return DtlsCertificate.generate().fingerprint();
  }

  private static DtlsSettings withRemote(DtlsSettings s, WebRtcSdp.Fingerprint fingerprint) {
    return new DtlsSettings(
        s.role(), s.certificate(), fingerprint, s.srtpProfiles(), s.handshakeTimeout(), s.clock());
  }
}
