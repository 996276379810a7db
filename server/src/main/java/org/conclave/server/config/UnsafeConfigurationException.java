package org.conclave.server.config;

/**
 * Conclave refuses to start with this configuration. The message is one sentence naming the key and
 * saying how to fix it; it is printed as the reason start-up stopped.
 */
public class UnsafeConfigurationException extends RuntimeException {
  public UnsafeConfigurationException(String message) {
    super(message, null, false, false);
  }
}
