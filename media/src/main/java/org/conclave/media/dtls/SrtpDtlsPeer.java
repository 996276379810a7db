package org.conclave.media.dtls;

/** What {@link DtlsStack} reads from its BouncyCastle peer after the handshake returns or fails. */
interface SrtpDtlsPeer {

  /** The keys, once the handshake completed; else null. */
  SrtpKeyingMaterial keys();

  /** The reason when one of our own checks refused the peer; else null. */
  DtlsFailure failure();

  /** The negotiated cipher suite once the handshake completed; else -1. */
  int cipherSuite();
}
