package org.conclave.media.dtls;

/** Which side of the DTLS handshake this stack plays (RFC 5763 §5, RFC 4145 {@code a=setup}). */
public enum DtlsRole {
  /**
   * Waits for the ClientHello: {@code a=setup:passive}. What the SFU answers to browsers, which
   * offer {@code actpass}.
   */
  SERVER("passive"),
  /** Sends the ClientHello: {@code a=setup:active}. For our own load generator and relays. */
  CLIENT("active");

  private final String sdpSetup;

  DtlsRole(String sdpSetup) {
    this.sdpSetup = sdpSetup;
  }

  /** The {@code a=setup} value announcing this role in SDP. */
  public String sdpSetup() {
    return sdpSetup;
  }
}
