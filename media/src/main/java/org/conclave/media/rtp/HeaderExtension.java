package org.conclave.media.rtp;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One RFC 8285 header extension element: its local identifier and a copy of its data. Used where
 * allocation is acceptable (parsing into {@link RtpPacket}, building packets); the forwarding path
 * reads elements in place with {@link HeaderExtensions#find}.
 *
 * @param id the local identifier: 1-14 fits the one-byte form, 1-255 the two-byte form
 * @param data the element's bytes (0-255 of them; 0 or more than 16 needs the two-byte form)
 */
public record HeaderExtension(int id, byte[] data) {

  /** Checks the values any RFC 8285 form can carry and takes a defensive copy of the data. */
  public HeaderExtension {
    if (id < 1 || id > 255) {
      throw new IllegalArgumentException("header extension id must be 1-255, was " + id);
    }
    if (data == null || data.length > 255) {
      throw new IllegalArgumentException("header extension data must be 0-255 bytes");
    }
    data = data.clone();
  }

  /** A copy of the element's bytes. */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The number of data bytes. */
  public int length() {
    return data.length;
  }

  /** Whether this element can be written in the one-byte form (RFC 8285 §4.2). */
  public boolean fitsOneByteForm() {
    return id <= 14 && data.length >= 1 && data.length <= 16;
  }

  byte dataByte(int index) {
    return data[index];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HeaderExtension that && id == that.id && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return 31 * id + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "HeaderExtension[id=" + id + ", data=" + HexFormat.of().formatHex(data) + "]";
  }
}
