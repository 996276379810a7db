package org.conclave.media;

/** A media request the node refused (bad SDP, unknown peer, limits); the message says why. */
public class MediaException extends Exception {
  public MediaException(String message) {
    super(message);
  }
}
