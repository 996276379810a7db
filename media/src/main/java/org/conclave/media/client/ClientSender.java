package org.conclave.media.client;

import java.io.IOException;
import org.conclave.media.rtp.RtpFields;
import org.conclave.media.rtp.RtpWriter;
import org.conclave.media.srtp.SrtpFailure;
import org.conclave.media.srtp.SrtpSession;

/**
 * Everything a {@link ClientPeer} sends goes through here, under one lock: STUN checks, DTLS
 * records, SRTP and SRTCP (protected in one reused buffer), raw test bytes. The lock keeps SRTP's
 * send direction on one thread at a time (as {@link SrtpSession} requires) and ICE-TCP frames
 * whole. Any thread.
 */
final class ClientSender {

  private final ClientPath path;
  private final ClientCounters counters;
  private final byte[] scratch = new byte[ClientPath.MAX_PACKET];
  private SrtpSession srtp; // guarded by this
  private boolean stopped; // guarded by this

  ClientSender(ClientPath path, ClientCounters counters) {
    this.path = path;
    this.counters = counters;
  }

  /** The SRTP session from the DTLS handshake: RTP and RTCP may be sent from now on. */
  synchronized void setKeys(SrtpSession session) {
    if (stopped) {
      session.close();
    } else {
      srtp = session;
    }
  }

  synchronized boolean hasKeys() {
    return srtp != null && !stopped;
  }

  /** Protects and sends one RTP packet; false when not connected, stopped or refused. */
  synchronized boolean rtp(RtpFields header, byte[] payload) {
    if (srtp == null || stopped) {
      return false;
    }
    int n = RtpWriter.write(scratch, 0, header, payload, 0, payload.length, 0);
    if (n < 0 || n > scratch.length - srtp.profile().rtpOverhead()) {
      throw new IllegalArgumentException("the RTP packet is too long: " + payload.length);
    }
    n = srtp.protectRtp(scratch, 0, n);
    if (SrtpFailure.isFailure(n) || !raw(scratch, 0, n)) {
      return false;
    }
    counters.rtpSent.increment();
    return true;
  }

  /** Protects and sends {@code plain} as one RTP packet, whatever it holds; false when not sent. */
  synchronized boolean rtpBytes(byte[] plain) {
    if (srtp == null || stopped) {
      return false;
    }
    if (plain.length > scratch.length - srtp.profile().rtpOverhead()) {
      throw new IllegalArgumentException("the RTP packet is too long: " + plain.length);
    }
    System.arraycopy(plain, 0, scratch, 0, plain.length);
    int n = srtp.protectRtp(scratch, 0, plain.length);
    if (SrtpFailure.isFailure(n) || !raw(scratch, 0, n)) {
      return false;
    }
    counters.rtpSent.increment();
    return true;
  }

  /** Protects and sends one RTCP compound packet; false when not connected, stopped or refused. */
  synchronized boolean rtcp(byte[] compound) {
    if (srtp == null || stopped) {
      return false;
    }
    if (compound.length > scratch.length - srtp.profile().rtcpOverhead()) {
      throw new IllegalArgumentException("the RTCP packet is too long: " + compound.length);
    }
    System.arraycopy(compound, 0, scratch, 0, compound.length);
    int n = srtp.protectRtcp(scratch, 0, compound.length);
    if (SrtpFailure.isFailure(n) || !raw(scratch, 0, n)) {
      return false;
    }
    counters.rtcpSent.increment();
    return true;
  }

  /** Sends bytes as they are (one frame on ICE-TCP); false when there is no path or it failed. */
  synchronized boolean raw(byte[] buf, int off, int len) {
    try {
      if (!path.send(buf, off, len)) {
        counters.sendFailures.increment();
        return false;
      }
    } catch (IOException e) {
      counters.sendFailures.increment();
      return false;
    }
    counters.packetsOut.increment();
    counters.bytesOut.add(len);
    return true;
  }

  /** No more RTP or RTCP (the association ended); SRTP keys are dropped when {@code forget}. */
  synchronized void stop(boolean forget) {
    stopped = true;
    if (forget && srtp != null) {
      srtp.close();
      srtp = null;
    }
  }
}
