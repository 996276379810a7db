package org.conclave.media.cc;

import org.conclave.media.rtp.RtpHeader;

/** Small RTP packets for the cache tests: a fixed header and a payload that names the packet. */
final class Packets {

  static final long SSRC = 0x1234_5678L;

  private Packets() {}

  /** A fixed RTP header (RFC 3550 §5.1: V=2, PT 96) then {@code payload} bytes of {@code seq}. */
  static byte[] rtp(long ssrc, int seq, int payload) {
    byte[] b = new byte[RtpHeader.FIXED_HEADER_LENGTH + payload];
    b[0] = (byte) 0x80;
    RtpHeader.setPayloadType(b, 0, 96);
    RtpHeader.setSequenceNumber(b, 0, seq);
    RtpHeader.setTimestamp(b, 0, 90L * seq);
    RtpHeader.setSsrc(b, 0, ssrc);
    for (int i = RtpHeader.FIXED_HEADER_LENGTH; i < b.length; i++) {
      b[i] = (byte) (seq + i);
    }
    return b;
  }

  static byte[] rtp(int seq) {
    return rtp(SSRC, seq, 100);
  }

  /** A clock the test moves by hand, in nanoseconds. */
  static final class FakeNanoClock implements java.util.function.LongSupplier {
    private long now = 1_000_000_000_000L;

    @Override
    public long getAsLong() {
      return now;
    }

    void advanceMillis(long millis) {
      now += millis * 1_000_000L;
    }
  }
}
