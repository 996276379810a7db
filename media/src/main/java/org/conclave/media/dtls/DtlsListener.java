package org.conclave.media.dtls;

/**
 * What a {@link DtlsStack} reports. Exactly one of {@link #handshakeCompleted} and {@link
 * #handshakeFailed} is called per started stack, on the handshake executor's thread. Exceptions
 * thrown by a listener are caught and ignored by the stack.
 */
public interface DtlsListener {

  /** The handshake finished and the peer was authenticated: the SRTP keys are ready. */
  void handshakeCompleted(SrtpKeyingMaterial keys);

  /** The handshake failed, timed out or was closed; the stack is finished. */
  void handshakeFailed(DtlsFailure failure);

  /**
   * The peer closed the association after the handshake (close_notify or a fatal alert). Called on
   * the thread that called {@link DtlsStack#receive}. Default: nothing.
   */
  default void closedByPeer() {}
}
