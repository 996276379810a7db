package org.conclave.media.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * A reusable window over a caller's byte[], which jitsi-srtp transforms in place.
 *
 * <p>It never reallocates: {@link SrtpSession} checks beforehand that the array has room for what a
 * transform appends, and {@link #grow} throws if that check was ever wrong, rather than moving the
 * packet into an array the caller does not hold. Not thread-safe; one per direction.
 */
final class PacketBuffer implements ByteArrayBuffer {
  private byte[] buffer;
  private int offset;
  private int length;

  /** Points this window at a packet; nothing is copied. */
  PacketBuffer wrap(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    return this;
  }

  /** Forgets the caller's array, so this object holds no reference to it between calls. */
  void clear() {
    buffer = null;
    offset = 0;
    length = 0;
  }

  @Override
  public byte[] getBuffer() {
    return buffer;
  }

  @Override
  public int getOffset() {
    return offset;
  }

  @Override
  public int getLength() {
    return length;
  }

  @Override
  public void setLength(int length) {
    if (length < 0 || offset + length > buffer.length) {
      throw new IndexOutOfBoundsException("length " + length);
    }
    this.length = length;
  }

  @Override
  public void setOffset(int offset) {
    if (offset < 0 || offset + length > buffer.length) {
      throw new IndexOutOfBoundsException("offset " + offset);
    }
    this.offset = offset;
  }

  @Override
  public boolean isInvalid() {
    return buffer == null;
  }

  @Override
  public void readRegionToBuff(int off, int len, byte[] out) {
    System.arraycopy(buffer, offset + off, out, 0, len);
  }

  @Override
  public void grow(int howMuch) {
    if (howMuch < 0 || buffer.length - offset - length < howMuch) {
      throw new IndexOutOfBoundsException("no room to grow by " + howMuch);
    }
  }

  @Override
  public void append(byte[] data, int len) {
    grow(len);
    System.arraycopy(data, 0, buffer, offset + length, len);
    length += len;
  }

  @Override
  public void shrink(int len) {
    if (len < 0 || len > length) {
      throw new IndexOutOfBoundsException("shrink by " + len);
    }
    length -= len;
  }
}
