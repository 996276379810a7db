package org.conclave.media.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.stun.Rfc5769.PASSWORD;
import static org.conclave.media.stun.Rfc5769.SAMPLE_REQUEST;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The transport loop handles every STUN datagram on the media port, so the read path must stay
 * cheap. Measured with HotSpot's per-thread allocation counter over many rounds.
 */
class StunAllocationTest {

  private static final int ROUNDS = 100_000;

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void demultiplexingAndFingerprintCheckAllocateNothing() {
    StunMessage message = StunMessage.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length);
    long sink = inPlaceChecks(message, 1_000); // load classes and the per-thread CRC first

    long before = THREADS.getCurrentThreadAllocatedBytes();
    sink += inPlaceChecks(message, ROUNDS);
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

    assertThat(sink).isNotZero();
    assertThat(allocated).as("bytes allocated over %d rounds", ROUNDS).isLessThan(4_096);
  }

  @Test
  void parseAndIntegrityCheckAllocateLittlePerRequest() {
    long sink = parseAndVerify(1_000);

    long before = THREADS.getCurrentThreadAllocatedBytes();
    sink += parseAndVerify(ROUNDS);
    long perRequest = (THREADS.getCurrentThreadAllocatedBytes() - before) / ROUNDS;

    assertThat(sink).isEqualTo(1_000 + ROUNDS);
    // The message, its 108-byte copy, the username String and the HMAC key spec.
    assertThat(perRequest).as("bytes per 108-byte request").isLessThan(1_024);
  }

  private static long inPlaceChecks(StunMessage message, int rounds) {
    byte[] id = Rfc5769.TRANSACTION_ID;
    long sink = 0;
    for (int i = 0; i < rounds; i++) {
      if (Stun.looksLikeStun(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length)) {
        sink += Stun.messageType(SAMPLE_REQUEST, 0);
      }
      sink += message.sameTransaction(id) ? 1 : 0;
      sink += message.fingerprintValid() ? 1 : 0;
    }
    return sink;
  }

  private static long parseAndVerify(int rounds) {
    long valid = 0;
    for (int i = 0; i < rounds; i++) {
      StunMessage message = StunMessage.parse(SAMPLE_REQUEST, 0, SAMPLE_REQUEST.length);
      if (message != null && message.integrityValid(PASSWORD)) {
        valid++;
      }
    }
    return valid;
  }
}
