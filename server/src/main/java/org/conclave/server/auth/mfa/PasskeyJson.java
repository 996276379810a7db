package org.conclave.server.auth.mfa;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * The WebAuthn shapes on the wire, in the JSON form of the WebAuthn Level 3 spec (what {@code
 * PublicKeyCredential.parseCreationOptionsFromJSON} reads and {@code credential.toJSON()} writes):
 * every binary value is base64url without padding. Sizes are bounded; the bounds are far above what
 * real authenticators send.
 */
final class PasskeyJson {

  private PasskeyJson() {}

  // ---- to the browser ----

  /** Answer of the "options" endpoints: a challenge id to send back, and the options. */
  record Options<T>(String challengeId, T publicKey) {}

  record CreationOptions(
      RelyingParty rp,
      UserEntity user,
      String challenge,
      List<Parameter> pubKeyCredParams,
      long timeout,
      List<Descriptor> excludeCredentials,
      Selection authenticatorSelection,
      String attestation) {}

  record RequestOptions(
      String challenge,
      String rpId,
      long timeout,
      String userVerification,
      List<Descriptor> allowCredentials) {}

  record RelyingParty(String id, String name) {}

  record UserEntity(String id, String name, String displayName) {}

  record Parameter(String type, long alg) {}

  record Descriptor(String type, String id, List<String> transports) {}

  record Selection(String residentKey, boolean requireResidentKey, String userVerification) {}

  // ---- from the browser ----

  /** A {@code PublicKeyCredential} as JSON, from registration or from sign-in. */
  record Credential(
      @NotNull @Size(min = 1, max = 1400) String id,
      @NotNull @Size(min = 1, max = 1400) String rawId,
      @NotNull @Pattern(regexp = "public-key") String type,
      @NotNull @Valid CredentialResponse response,
      @Size(max = 32) String authenticatorAttachment,
      @Size(max = 16) Map<String, Object> clientExtensionResults) {}

  /**
   * The authenticator's response: {@code attestationObject} at registration; {@code
   * authenticatorData}, {@code signature} and {@code userHandle} at sign-in. The other fields that
   * browsers add ({@code publicKey}, {@code publicKeyAlgorithm}) are accepted and not used: the
   * server reads the key from the attestation object itself.
   */
  record CredentialResponse(
      @NotNull @Size(min = 1, max = 8192) String clientDataJSON,
      @Size(max = 32768) String attestationObject,
      @Size(max = 8192) String authenticatorData,
      @Size(max = 1024) String signature,
      @Size(max = 512) String userHandle,
      @Size(max = 16) List<@NotNull @Size(max = 32) String> transports,
      @Size(max = 2048) String publicKey,
      Long publicKeyAlgorithm) {}

  /** Registration: the challenge id from the options, a name the person chose, the credential. */
  record Registration(
      @NotNull @Size(min = 1, max = 64) String challengeId,
      @NotNull
          @Size(min = 1, max = 100)
          @Pattern(regexp = "[^\\p{Cntrl}]*[^\\p{Cntrl}\\s][^\\p{Cntrl}]*")
          String name,
      @NotNull @Valid Credential credential) {}

  /** Sign-in with a passkey: the challenge id from the options and the credential. */
  record Assertion(
      @NotNull @Size(min = 1, max = 64) String challengeId,
      @NotNull @Valid Credential credential) {}

  /** A registered passkey as listed to its owner; times are epoch milliseconds. */
  record Listed(long id, String name, long createdAt, Long lastUsedAt) {}

  /** Answer of a registration. */
  record Registered(long id, String name) {}
}
