package org.conclave.server.auth.mfa;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * A passkey authenticator in software, for tests: one ES256 key pair made with the JCA, answering
 * the server's options the way a browser and a platform authenticator together would (WebAuthn
 * Level 3, "none" attestation). It builds every byte itself — clientDataJSON (section 5.8.1),
 * authenticator data (section 6.1), the COSE public key (RFC 9053) and the attestation object
 * (section 6.5) — so the server's verification is tested against an independent producer.
 */
final class SoftwareAuthenticator {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final CBORMapper CBOR = new CBORMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private static final int FLAG_UP = 0x01;
  private static final int FLAG_UV = 0x04;
  private static final int FLAG_AT = 0x40;

  private final KeyPair keys;
  private final byte[] credentialId = new byte[16];
  private final String origin;
  private byte[] userHandle;
  private long signCount;
  private boolean verifiesUser = true;

  SoftwareAuthenticator(String origin) {
    this.origin = origin;
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      this.keys = g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    new SecureRandom().nextBytes(credentialId);
  }

  /** From now on, answers without user verification (a security key without PIN, say). */
  SoftwareAuthenticator withoutUserVerification() {
    verifiesUser = false;
    return this;
  }

  /** Sets the signature counter, e.g. back to an earlier value as a cloned key would. */
  void setSignCount(long count) {
    signCount = count;
  }

  long signCount() {
    return signCount;
  }

  /**
   * Answers creation options ({@code publicKey} of the server's answer): the credential JSON to
   * send back.
   */
  Map<String, Object> register(JsonNode publicKey, String originToClaim) {
    String rpId = publicKey.get("rp").get("id").asString();
    userHandle = Base64.getUrlDecoder().decode(publicKey.get("user").get("id").asString());
    byte[] clientData =
        clientData("webauthn.create", publicKey.get("challenge").asString(), originToClaim);
    ByteBuffer authData = ByteBuffer.allocate(1024);
    authData.put(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
    authData.put((byte) (FLAG_UP | (verifiesUser ? FLAG_UV : 0) | FLAG_AT));
    authData.putInt((int) signCount);
    authData.put(new byte[16]); // AAGUID: none
    authData.putShort((short) credentialId.length);
    authData.put(credentialId);
    authData.put(coseKey());
    byte[] authDataBytes = java.util.Arrays.copyOf(authData.array(), authData.position());

    ByteArrayOutputStream attestation = new ByteArrayOutputStream();
    try (JsonGenerator g = CBOR.createGenerator(attestation)) {
      g.writeStartObject();
      g.writeName("fmt");
      g.writeString("none");
      g.writeName("attStmt");
      g.writeStartObject();
      g.writeEndObject();
      g.writeName("authData");
      g.writeBinary(authDataBytes);
      g.writeEndObject();
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("clientDataJSON", B64.encodeToString(clientData));
    response.put("attestationObject", B64.encodeToString(attestation.toByteArray()));
    response.put("transports", List.of("internal"));
    return credential(response);
  }

  Map<String, Object> register(JsonNode publicKey) {
    return register(publicKey, origin);
  }

  /** Answers request options with an assertion signed by this authenticator's key. */
  Map<String, Object> authenticate(JsonNode publicKey) {
    String rpId = publicKey.get("rpId").asString();
    byte[] clientData = clientData("webauthn.get", publicKey.get("challenge").asString(), origin);
    signCount++;
    ByteBuffer authData = ByteBuffer.allocate(37);
    authData.put(sha256(rpId.getBytes(StandardCharsets.UTF_8)));
    authData.put((byte) (FLAG_UP | (verifiesUser ? FLAG_UV : 0)));
    authData.putInt((int) signCount);
    byte[] authDataBytes = authData.array();
    byte[] signature;
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(keys.getPrivate());
      s.update(authDataBytes);
      s.update(sha256(clientData));
      signature = s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("clientDataJSON", B64.encodeToString(clientData));
    response.put("authenticatorData", B64.encodeToString(authDataBytes));
    response.put("signature", B64.encodeToString(signature));
    response.put("userHandle", B64.encodeToString(userHandle));
    return credential(response);
  }

  private Map<String, Object> credential(Map<String, Object> response) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("id", B64.encodeToString(credentialId));
    c.put("rawId", B64.encodeToString(credentialId));
    c.put("type", "public-key");
    c.put("authenticatorAttachment", "platform");
    c.put("clientExtensionResults", Map.of());
    c.put("response", response);
    return c;
  }

  private static byte[] clientData(String type, String challenge, String origin) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    m.put("challenge", challenge);
    m.put("origin", origin);
    m.put("crossOrigin", false);
    return JSON.writeValueAsBytes(m);
  }

  /** The public key as a COSE_Key map: kty EC2, alg ES256, crv P-256, x, y (RFC 9053 7.1.1). */
  private byte[] coseKey() {
    ECPublicKey pub = (ECPublicKey) keys.getPublic();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = CBOR.createGenerator(out)) {
      g.writeStartObject();
      g.writePropertyId(1);
      g.writeNumber(2);
      g.writePropertyId(3);
      g.writeNumber(-7);
      g.writePropertyId(-1);
      g.writeNumber(1);
      g.writePropertyId(-2);
      g.writeBinary(fixed32(pub.getW().getAffineX()));
      g.writePropertyId(-3);
      g.writeBinary(fixed32(pub.getW().getAffineY()));
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  private static byte[] fixed32(BigInteger n) {
    byte[] raw = n.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
