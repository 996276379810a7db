package org.conclave.media.srtp;

import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP (RFC 3711, RFC 7714) for one peer transport: protects what we send with the local
 * keys and unprotects what the peer sends with the remote keys. It does no I/O and owns no threads;
 * jitsi-srtp's crypto contexts do the cryptography underneath.
 *
 * <h2>Results</h2>
 *
 * Every protect and unprotect method returns an {@code int}: the packet's new length (zero or more)
 * on success, or a negative {@link SrtpFailure#code()} when the packet must be dropped ({@link
 * SrtpFailure#of(int)} tells which). No method throws for any input, whatever the bytes or the
 * offsets; each failure is counted, per reason, in {@link #failures(SrtpFailure)}.
 *
 * <h2>Buffer ownership</h2>
 *
 * The caller owns the {@code byte[]} before, during and after a call; the session keeps no
 * reference to it once the call returns, and never allocates a replacement. In-place methods
 * transform bytes {@code [off, off + len)} and, when protecting, write the tag (and the SRTCP
 * index) just after them: the array must have {@link SrtpProfile#rtpOverhead()} (RTP) or {@link
 * SrtpProfile#rtcpOverhead()} (RTCP) spare bytes after the packet, else the result is {@link
 * SrtpFailure#NO_ROOM}. The packet keeps its offset; only its length changes. The copying variants
 * read {@code src} without changing it and write into {@code dst}, which must hold the packet plus
 * that overhead. After a failure the bytes in the range (or in {@code dst}) are unspecified: drop
 * the packet.
 *
 * <h2>Threads</h2>
 *
 * The two directions are independent: all protect calls (RTP and RTCP) must come from one thread at
 * a time, and all unprotect calls from one thread at a time, which may be another one — the
 * transport loop's send and receive threads. Each direction has its own contexts and scratch state,
 * so they never contend. {@link #failures(SrtpFailure)} may be read from any thread. Call {@link
 * #close()} once both directions have stopped; afterwards every call fails with {@link
 * SrtpFailure#CLOSED}.
 *
 * <h2>SSRCs</h2>
 *
 * A crypto context per SSRC and direction is derived on first use (RFC 3711 §3.2.3; the ROC starts
 * at 0). There are at most {@code maxSsrcs} per kind (RTP/RTCP) and direction; a packet for one
 * more is dropped as {@link SrtpFailure#TOO_MANY_SSRCS}. An incoming SSRC is kept only once a
 * packet for it has authenticated, so forged packets with random SSRCs cannot fill the table.
 *
 * <h2>What is allocated</h2>
 *
 * A context when an SSRC is first seen; nothing by this class per packet after that. jitsi-srtp
 * underneath does allocate per packet (its JCE IV parameter objects, the HMAC array for AES-CM, its
 * debug-log lambdas): {@code SrtpAllocationTest} holds it to that, and docs/benchmarks.md says why
 * no configuration avoids it.
 */
public final class SrtpSession implements AutoCloseable {
  /** How many SSRCs per kind and direction a session accepts unless told otherwise. */
  public static final int DEFAULT_MAX_SSRCS = 64;

  private static final Logger LOGGER = new LoggerImpl(SrtpSession.class.getName());

  static {
    AesImplementation.choose();
  }

  /** Fixed RTP header (RFC 3550 §5.1). */
  private static final int RTP_FIXED_HEADER = 12;

  /** Fixed RTCP header: V/P/count, PT, length, sender SSRC (RFC 3550 §6.4.1). */
  private static final int RTCP_FIXED_HEADER = 8;

  /** E flag and 31-bit SRTCP index (RFC 3711 §3.4). */
  private static final int SRTCP_INDEX = 4;

  private final SrtpProfile profile;
  private final SrtpContextFactory sendFactory;
  private final SrtpContextFactory receiveFactory;

  // Send direction: used only by the thread that protects.
  private final SsrcTable<SrtpCryptoContext> rtpSend;
  private final SsrcTable<SrtcpCryptoContext> rtcpSend;
  private final PacketBuffer sendBuffer = new PacketBuffer();

  // Receive direction: used only by the thread that unprotects.
  private final SsrcTable<SrtpCryptoContext> rtpReceive;
  private final SsrcTable<SrtcpCryptoContext> rtcpReceive;
  private final PacketBuffer receiveBuffer = new PacketBuffer();

  private final AtomicLongArray failures = new AtomicLongArray(SrtpFailure.values().length);
  private volatile boolean closed;

  /** A session with room for {@link #DEFAULT_MAX_SSRCS} SSRCs per kind and direction. */
  public SrtpSession(SrtpKeys keys) {
    this(keys, DEFAULT_MAX_SSRCS);
  }

  /**
   * A session for these keys.
   *
   * @param keys the keys from the DTLS handshake; copied, not kept
   * @param maxSsrcs how many SSRCs per kind (RTP, RTCP) and direction, at least 1
   */
  public SrtpSession(SrtpKeys keys, int maxSsrcs) {
    if (maxSsrcs < 1) {
      throw new IllegalArgumentException("maxSsrcs must be at least 1, not " + maxSsrcs);
    }
    this.profile = keys.profile();
    this.sendFactory =
        new SrtpContextFactory(
            true,
            keys.localKey(),
            keys.localSalt(),
            profile.rtpPolicy(),
            profile.rtcpPolicy(),
            LOGGER);
    this.receiveFactory =
        new SrtpContextFactory(
            false,
            keys.remoteKey(),
            keys.remoteSalt(),
            profile.rtpPolicy(),
            profile.rtcpPolicy(),
            LOGGER);
    this.rtpSend = new SsrcTable<>(maxSsrcs);
    this.rtcpSend = new SsrcTable<>(maxSsrcs);
    this.rtpReceive = new SsrcTable<>(maxSsrcs);
    this.rtcpReceive = new SsrcTable<>(maxSsrcs);
  }

  /** The profile this session protects with. */
  public SrtpProfile profile() {
    return profile;
  }

  /**
   * Encrypts and authenticates an RTP packet in place (RFC 3711 §3.3; RFC 7714 §8).
   *
   * @return the SRTP packet's length, or a negative {@link SrtpFailure#code()}
   */
  public int protectRtp(byte[] buf, int off, int len) {
    if (closed) {
      return fail(SrtpFailure.CLOSED);
    }
    if (!inBounds(buf, off, len)) {
      return fail(SrtpFailure.MALFORMED);
    }
    int header = rtpHeaderLength(buf, off, len);
    if (header < 0) {
      return fail(header == -1 ? SrtpFailure.TOO_SHORT : SrtpFailure.MALFORMED);
    }
    if (buf.length - off - len < profile.rtpOverhead()) {
      return fail(SrtpFailure.NO_ROOM);
    }
    int ssrc = readInt(buf, off + 8); // RFC 3550 §5.1: SSRC at octets 8-11
    try {
      SrtpCryptoContext context = rtpSend.get(ssrc);
      if (context == null) {
        if (rtpSend.isFull()) {
          return fail(SrtpFailure.TOO_MANY_SSRCS);
        }
        context = sendFactory.deriveContext(ssrc, 0);
        rtpSend.add(ssrc, context);
      }
      SrtpErrorStatus status = context.transformPacket(sendBuffer.wrap(buf, off, len));
      return status == SrtpErrorStatus.OK ? sendBuffer.getLength() : fail(reason(status));
    } catch (GeneralSecurityException | RuntimeException e) {
      return fail(SrtpFailure.UNKNOWN);
    } finally {
      sendBuffer.clear();
    }
  }

  /**
   * Checks, replay-checks and decrypts an SRTP packet in place.
   *
   * @return the RTP packet's length, or a negative {@link SrtpFailure#code()}
   */
  public int unprotectRtp(byte[] buf, int off, int len) {
    if (closed) {
      return fail(SrtpFailure.CLOSED);
    }
    if (!inBounds(buf, off, len)) {
      return fail(SrtpFailure.MALFORMED);
    }
    int header = rtpHeaderLength(buf, off, len);
    if (header < 0) {
      return fail(header == -1 ? SrtpFailure.TOO_SHORT : SrtpFailure.MALFORMED);
    }
    // RFC 3711 §3.1: the tag follows the (encrypted) payload.
    if (len - header < profile.rtpTagLength()) {
      return fail(SrtpFailure.TOO_SHORT);
    }
    int ssrc = readInt(buf, off + 8);
    try {
      SrtpCryptoContext context = rtpReceive.get(ssrc);
      boolean known = context != null;
      if (!known) {
        if (rtpReceive.isFull()) {
          return fail(SrtpFailure.TOO_MANY_SSRCS);
        }
        context = receiveFactory.deriveContext(ssrc, 0);
      }
      SrtpErrorStatus status =
          context.reverseTransformPacket(receiveBuffer.wrap(buf, off, len), false);
      if (status != SrtpErrorStatus.OK) {
        return fail(reason(status));
      }
      if (!known) {
        rtpReceive.add(ssrc, context);
      }
      return receiveBuffer.getLength();
    } catch (GeneralSecurityException | RuntimeException e) {
      return fail(SrtpFailure.UNKNOWN);
    } finally {
      receiveBuffer.clear();
    }
  }

  /**
   * Encrypts and authenticates an RTCP (compound) packet in place, appending the E flag, SRTCP
   * index and tag (RFC 3711 §3.4; RFC 7714 §9).
   *
   * @return the SRTCP packet's length, or a negative {@link SrtpFailure#code()}
   */
  public int protectRtcp(byte[] buf, int off, int len) {
    if (closed) {
      return fail(SrtpFailure.CLOSED);
    }
    if (!inBounds(buf, off, len)) {
      return fail(SrtpFailure.MALFORMED);
    }
    SrtpFailure bad = checkRtcpHeader(buf, off, len, 0);
    if (bad != null) {
      return fail(bad);
    }
    if (buf.length - off - len < profile.rtcpOverhead()) {
      return fail(SrtpFailure.NO_ROOM);
    }
    int ssrc = readInt(buf, off + 4); // RFC 3550 §6.4.1: sender SSRC at octets 4-7
    try {
      SrtcpCryptoContext context = rtcpSend.get(ssrc);
      if (context == null) {
        if (rtcpSend.isFull()) {
          return fail(SrtpFailure.TOO_MANY_SSRCS);
        }
        context = sendFactory.deriveControlContext(ssrc);
        rtcpSend.add(ssrc, context);
      }
      SrtpErrorStatus status = context.transformPacket(sendBuffer.wrap(buf, off, len));
      return status == SrtpErrorStatus.OK ? sendBuffer.getLength() : fail(reason(status));
    } catch (GeneralSecurityException | RuntimeException e) {
      return fail(SrtpFailure.UNKNOWN);
    } finally {
      sendBuffer.clear();
    }
  }

  /**
   * Checks, replay-checks and decrypts an SRTCP packet in place.
   *
   * @return the RTCP packet's length, or a negative {@link SrtpFailure#code()}
   */
  public int unprotectRtcp(byte[] buf, int off, int len) {
    if (closed) {
      return fail(SrtpFailure.CLOSED);
    }
    if (!inBounds(buf, off, len)) {
      return fail(SrtpFailure.MALFORMED);
    }
    SrtpFailure bad = checkRtcpHeader(buf, off, len, SRTCP_INDEX + profile.rtcpTagLength());
    if (bad != null) {
      return fail(bad);
    }
    int ssrc = readInt(buf, off + 4);
    try {
      SrtcpCryptoContext context = rtcpReceive.get(ssrc);
      boolean known = context != null;
      if (!known) {
        if (rtcpReceive.isFull()) {
          return fail(SrtpFailure.TOO_MANY_SSRCS);
        }
        context = receiveFactory.deriveControlContext(ssrc);
      }
      SrtpErrorStatus status = context.reverseTransformPacket(receiveBuffer.wrap(buf, off, len));
      if (status != SrtpErrorStatus.OK) {
        return fail(reason(status));
      }
      if (!known) {
        rtcpReceive.add(ssrc, context);
      }
      return receiveBuffer.getLength();
    } catch (GeneralSecurityException | RuntimeException e) {
      return fail(SrtpFailure.UNKNOWN);
    } finally {
      receiveBuffer.clear();
    }
  }

  /**
   * Copies an RTP packet from {@code src} to {@code dst} and protects it there; {@code src} is not
   * changed. {@code dst} needs {@code len + profile().rtpOverhead()} bytes from {@code dstOff}.
   */
  public int protectRtp(byte[] src, int srcOff, int len, byte[] dst, int dstOff) {
    int copied = copy(src, srcOff, len, dst, dstOff, profile.rtpOverhead());
    return copied < 0 ? copied : protectRtp(dst, dstOff, len);
  }

  /** Copies an SRTP packet from {@code src} to {@code dst} and unprotects it there. */
  public int unprotectRtp(byte[] src, int srcOff, int len, byte[] dst, int dstOff) {
    int copied = copy(src, srcOff, len, dst, dstOff, 0);
    return copied < 0 ? copied : unprotectRtp(dst, dstOff, len);
  }

  /**
   * Copies an RTCP packet from {@code src} to {@code dst} and protects it there. {@code dst} needs
   * {@code len + profile().rtcpOverhead()} bytes from {@code dstOff}.
   */
  public int protectRtcp(byte[] src, int srcOff, int len, byte[] dst, int dstOff) {
    int copied = copy(src, srcOff, len, dst, dstOff, profile.rtcpOverhead());
    return copied < 0 ? copied : protectRtcp(dst, dstOff, len);
  }

  /** Copies an SRTCP packet from {@code src} to {@code dst} and unprotects it there. */
  public int unprotectRtcp(byte[] src, int srcOff, int len, byte[] dst, int dstOff) {
    int copied = copy(src, srcOff, len, dst, dstOff, 0);
    return copied < 0 ? copied : unprotectRtcp(dst, dstOff, len);
  }

  /** How many packets this session refused for this reason, in both directions. Any thread. */
  public long failures(SrtpFailure reason) {
    return failures.get(reason.ordinal());
  }

  /** How many SSRCs have an RTP context for receiving (tests and stats; receive thread). */
  int receivingRtpSsrcs() {
    return rtpReceive.size();
  }

  /** Releases the key derivation state; later calls fail with {@link SrtpFailure#CLOSED}. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    sendFactory.close();
    receiveFactory.close();
  }

  private int copy(byte[] src, int srcOff, int len, byte[] dst, int dstOff, int overhead) {
    if (closed) {
      return fail(SrtpFailure.CLOSED);
    }
    if (!inBounds(src, srcOff, len) || !inBounds(dst, dstOff, 0)) {
      return fail(SrtpFailure.MALFORMED);
    }
    if ((long) dst.length - dstOff < (long) len + overhead) {
      return fail(SrtpFailure.NO_ROOM);
    }
    System.arraycopy(src, srcOff, dst, dstOff, len);
    return len;
  }

  private int fail(SrtpFailure reason) {
    failures.incrementAndGet(reason.ordinal());
    return reason.code();
  }

  private static SrtpFailure reason(SrtpErrorStatus status) {
    return switch (status) {
      case AUTH_FAIL -> SrtpFailure.AUTH_FAILED;
      case REPLAY_FAIL, REPLAY_OLD -> SrtpFailure.REPLAYED;
      case INVALID_PACKET -> SrtpFailure.TOO_SHORT;
      default -> SrtpFailure.UNKNOWN;
    };
  }

  private static boolean inBounds(byte[] buf, int off, int len) {
    return buf != null && off >= 0 && len >= 0 && off <= buf.length - len;
  }

  /**
   * The length of the RTP header with its CSRC list and header extension (RFC 3550 §5.1, §5.3.1),
   * -1 when the packet is shorter than that, -2 when it is not version 2.
   */
  private static int rtpHeaderLength(byte[] buf, int off, int len) {
    if (len < RTP_FIXED_HEADER) {
      return -1;
    }
    int first = buf[off] & 0xFF;
    if ((first >>> 6) != 2) {
      return -2;
    }
    int header = RTP_FIXED_HEADER + 4 * (first & 0x0F);
    if ((first & 0x10) != 0) {
      // Extension header: 16-bit profile-defined value, 16-bit length in 32-bit words.
      if (header + 4 > len) {
        return -1;
      }
      int words = ((buf[off + header + 2] & 0xFF) << 8) | (buf[off + header + 3] & 0xFF);
      header += 4 + 4 * words;
    }
    return header > len ? -1 : header;
  }

  /** Checks the RTCP fixed header is there (with {@code trailer} more bytes) and is version 2. */
  private static SrtpFailure checkRtcpHeader(byte[] buf, int off, int len, int trailer) {
    if (len < RTCP_FIXED_HEADER + trailer) {
      return SrtpFailure.TOO_SHORT;
    }
    if (((buf[off] & 0xFF) >>> 6) != 2) {
      return SrtpFailure.MALFORMED;
    }
    return null;
  }

  private static int readInt(byte[] buf, int at) {
    return ((buf[at] & 0xFF) << 24)
        | ((buf[at + 1] & 0xFF) << 16)
        | ((buf[at + 2] & 0xFF) << 8)
        | (buf[at + 3] & 0xFF);
  }
}
