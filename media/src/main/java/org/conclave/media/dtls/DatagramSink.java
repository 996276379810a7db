package org.conclave.media.dtls;

/**
 * Where a {@link DtlsStack} sends its outgoing datagrams: the transport loop, which owns the
 * socket. Called on the handshake executor's thread during the handshake, and afterwards on the
 * thread that called {@link DtlsStack#receive} or {@link DtlsStack#close}. The sink owns the array
 * it is given (a fresh copy each time). It should not block, and should not call back into the same
 * stack on the calling thread.
 */
@FunctionalInterface
public interface DatagramSink {
  void send(byte[] datagram);
}
