package org.conclave.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.conclave.media.srtp.SrtpTestPackets.hex;
import static org.conclave.media.srtp.SrtpTestPackets.rtp;
import static org.conclave.media.srtp.SrtpTestPackets.withRoom;

import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * RFC 3711's own test vectors. jitsi-srtp keeps its key derivation package-private, so B.3 is
 * checked through a whole packet: our session, given B.3's master key and salt, must produce
 * exactly the SRTP packet that an independent AES-CM + HMAC-SHA1 built here from B.3's session keys
 * produces. That reference is itself checked against the B.2 keystream first.
 */
class Rfc3711VectorTest {

  // RFC 3711 Appendix B.2, AES-CM test vectors.
  private static final byte[] B2_SESSION_KEY = hex("2B7E151628AED2A6ABF7158809CF4F3C");
  private static final byte[] B2_SESSION_SALT = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
  private static final byte[] B2_KEYSTREAM_FIRST_BLOCKS =
      hex(
          "E03EAD0935C95E80E166B16DD92B4EB4"
              + "D23513162B02D0F72A43A2FE4A5F97AB"
              + "41E95B3BB0A2E8DD477901E4FCA894C0");

  // RFC 3711 Appendix B.3, key derivation test vectors (key derivation rate 0).
  private static final byte[] B3_MASTER_KEY = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
  private static final byte[] B3_MASTER_SALT = hex("0EC675AD498AFEEBB6960B3AABE6");
  private static final byte[] B3_CIPHER_KEY = hex("C61E7A93744F39EE10734AFE3FF7A087");
  private static final byte[] B3_CIPHER_SALT = hex("30CBBC08863D8C85D49DB34A9AE1");

  /** The first 160 bits of B.3's auth key: HMAC-SHA1 uses n_a = 160 (RFC 3711 §8.2). */
  private static final byte[] B3_AUTH_KEY = hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4");

  @Test
  void referenceAesCmGivesTheAppendixB2Keystream() throws Exception {
    // B.2: SSRC 0, ROC 0, SEQ 0, so the IV is the salt followed by a zero block counter.
    byte[] keystream = aesCm(B2_SESSION_KEY, B2_SESSION_SALT, 0, 0, new byte[48]);

    assertThat(keystream).isEqualTo(B2_KEYSTREAM_FIRST_BLOCKS);
  }

  @Test
  void protectedPacketMatchesTheAppendixB3SessionKeys() throws Exception {
    SrtpProfile profile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
    SrtpKeys keys =
        new SrtpKeys(profile, B3_MASTER_KEY, B3_MASTER_SALT, new byte[16], new byte[14]);
    byte[] plain = rtp(0x1234, 0xCAFEBABE, 64);
    byte[] expected = referenceSrtp(plain, 0xCAFEBABE, 0x1234);

    byte[] buf = withRoom(plain, profile.rtpOverhead());
    int n;
    try (SrtpSession session = new SrtpSession(keys)) {
      n = session.protectRtp(buf, 0, plain.length);
    }

    assertThat(Arrays.copyOf(buf, n)).isEqualTo(expected);
  }

  /** RFC 3711 §3.3, §4.1.1, §4.2.1 from B.3's session keys, with ROC 0. */
  private static byte[] referenceSrtp(byte[] plain, int ssrc, int sequence) throws Exception {
    byte[] payload = Arrays.copyOfRange(plain, 12, plain.length);
    byte[] encrypted = aesCm(B3_CIPHER_KEY, B3_CIPHER_SALT, ssrc, sequence, payload);
    byte[] authenticated = new byte[plain.length + 4]; // header | ciphertext | ROC (= 0)
    System.arraycopy(plain, 0, authenticated, 0, 12);
    System.arraycopy(encrypted, 0, authenticated, 12, encrypted.length);
    Mac hmac = Mac.getInstance("HmacSHA1");
    hmac.init(new SecretKeySpec(B3_AUTH_KEY, "HmacSHA1"));
    byte[] tag = Arrays.copyOf(hmac.doFinal(authenticated), 10);
    byte[] srtp = new byte[plain.length + 10];
    System.arraycopy(authenticated, 0, srtp, 0, plain.length);
    System.arraycopy(tag, 0, srtp, plain.length, 10);
    return srtp;
  }

  /**
   * AES in counter mode as RFC 3711 §4.1.1 builds the IV: (salt * 2^16) XOR (SSRC * 2^64) XOR
   * (index * 2^16), the low 16 bits counting blocks.
   */
  private static byte[] aesCm(byte[] key, byte[] salt, int ssrc, long index, byte[] input)
      throws Exception {
    byte[] iv = Arrays.copyOf(salt, 16);
    for (int i = 0; i < 4; i++) {
      iv[4 + i] ^= (byte) (ssrc >>> (24 - 8 * i));
    }
    for (int i = 0; i < 6; i++) {
      iv[8 + i] ^= (byte) (index >>> (40 - 8 * i));
    }
    Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
    aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
    return aes.doFinal(input);
  }
}
