package org.conclave.server.auth.mfa;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticationRequest;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.RegistrationRequest;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.util.exception.WebAuthnException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import java.net.URI;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.conclave.server.common.ApiException;
import org.conclave.server.config.ConclaveProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The two WebAuthn ceremonies, verified by webauthn4j: registering a passkey, and signing in with
 * one (as a second factor after the password, or alone for passwordless sign-in). The relying party
 * id is the host of {@code conclave.public-url} and the only accepted origin is that URL's origin.
 *
 * <p>Attestation is not asked for ("none") and not judged: an organisation running Conclave has no
 * list of approved authenticator models, and asking would only prompt browsers to show a privacy
 * warning. Passkeys are created discoverable with user verification required, so each one is by
 * itself a two-factor credential (possession and PIN or biometrics) fit for passwordless sign-in.
 * Sign counts are checked: a passkey whose count stops increasing (when it counts at all) is
 * refused as a possible clone.
 */
@Component
class PasskeyCeremonies {

  /** At most this many passkeys per account. */
  static final int MAX_PER_ACCOUNT = 20;

  /** Signature algorithms offered, in order of preference: ES256, EdDSA, RS256. */
  private static final List<PublicKeyCredentialParameters> ALGORITHMS =
      List.of(
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
          new PublicKeyCredentialParameters(
              PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

  /** A sign-in assertion that did not verify, with the reason (for the audit log, not the user). */
  static final class Rejected extends RuntimeException {
    Rejected(String reason) {
      super(reason, null, false, false);
    }
  }

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Challenges challenges;
  private final PasskeyStore store;
  private final String rpId;
  private final String rpName;
  private final Origin origin;
  private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager();
  private final AttestedCredentialDataConverter credentialData =
      new AttestedCredentialDataConverter(new ObjectConverter());

  PasskeyCeremonies(Challenges challenges, PasskeyStore store, ConclaveProperties properties) {
    this.challenges = challenges;
    this.store = store;
    URI publicUrl = URI.create(properties.publicUrl());
    this.rpId = publicUrl.getHost();
    this.rpName = properties.organisationName();
    this.origin = Origin.create(publicUrl.getScheme() + "://" + publicUrl.getRawAuthority());
  }

  /** Options for registering a new passkey on the account. */
  PasskeyJson.Options<PasskeyJson.CreationOptions> creationOptions(
      long userId, String username, String displayName) {
    if (store.count(userId) >= MAX_PER_ACCOUNT) {
      throw tooMany();
    }
    Challenges.Issued issued = challenges.issue(Challenges.Purpose.REGISTER, userId);
    var options =
        new PasskeyJson.CreationOptions(
            new PasskeyJson.RelyingParty(rpId, rpName),
            new PasskeyJson.UserEntity(store.userHandle(userId), username, displayName),
            B64.encodeToString(issued.challenge()),
            ALGORITHMS.stream()
                .map(a -> new PasskeyJson.Parameter("public-key", a.getAlg().getValue()))
                .toList(),
            Challenges.LIFETIME.toMillis(),
            descriptors(userId),
            new PasskeyJson.Selection("required", true, "required"),
            "none");
    return new PasskeyJson.Options<>(issued.id(), options);
  }

  /**
   * Verifies a registration and stores the passkey.
   *
   * @return the stored passkey
   * @throws ApiException 400 {@code passkey-invalid} when it does not verify, 409 when the passkey
   *     is registered already or the account has too many
   */
  PasskeyStore.Passkey register(long userId, PasskeyJson.Registration r) {
    byte[] challenge =
        challenges
            .consume(r.challengeId(), Challenges.Purpose.REGISTER, userId)
            .orElseThrow(() -> invalid("the challenge is unknown, used or expired"));
    var response = r.credential().response();
    if (response.attestationObject() == null) {
      throw invalid("the attestation object is missing");
    }
    RegistrationData data;
    try {
      data =
          webAuthn.verify(
              new RegistrationRequest(
                  decode(response.attestationObject()),
                  decode(response.clientDataJSON()),
                  response.transports() == null ? null : Set.copyOf(response.transports())),
              new RegistrationParameters(server(challenge), ALGORITHMS, true, true));
    } catch (WebAuthnException e) {
      throw invalid(e.getClass().getSimpleName());
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      // Whatever else malformed input makes a parser throw is still the client's fault.
      throw invalid("malformed data");
    }
    AuthenticatorData<?> authData = data.getAttestationObject().getAuthenticatorData();
    AttestedCredentialData attested = authData.getAttestedCredentialData();
    if (!Arrays.equals(attested.getCredentialId(), decode(r.credential().rawId()))) {
      throw invalid("the credential id does not match the attested one");
    }
    String credentialId = B64.encodeToString(attested.getCredentialId());
    if (credentialId.length() > 512) {
      throw invalid("the credential id is too long");
    }
    if (store.byCredentialId(credentialId).isPresent()) {
      throw new ApiException(
          HttpStatus.CONFLICT, "passkey-already-registered", "This passkey is registered already.");
    }
    if (store.count(userId) >= MAX_PER_ACCOUNT) {
      throw tooMany();
    }
    var passkey =
        new PasskeyStore.Passkey(
            0,
            userId,
            credentialId,
            r.name().strip(),
            B64.encodeToString(credentialData.convert(attested)),
            data.getAttestationObject().getFormat(),
            authData.getSignCount(),
            0,
            null,
            transports(data.getTransports()),
            authData.isFlagUV(),
            authData.isFlagBE(),
            authData.isFlagBS());
    long id = store.insert(passkey);
    return store.byCredentialId(credentialId).filter(p -> p.id() == id).orElseThrow();
  }

  /**
   * Options for signing in with a passkey: as the second factor of {@code userId} (its passkeys
   * listed, user verification preferred), or passwordless when {@code userId} is null (any
   * discoverable passkey, user verification required).
   */
  PasskeyJson.Options<PasskeyJson.RequestOptions> requestOptions(Long userId) {
    Challenges.Purpose purpose =
        userId == null ? Challenges.Purpose.PASSWORDLESS : Challenges.Purpose.SECOND_FACTOR;
    Challenges.Issued issued = challenges.issue(purpose, userId);
    var options =
        new PasskeyJson.RequestOptions(
            B64.encodeToString(issued.challenge()),
            rpId,
            Challenges.LIFETIME.toMillis(),
            userId == null ? "required" : "preferred",
            userId == null ? List.of() : descriptors(userId));
    return new PasskeyJson.Options<>(issued.id(), options);
  }

  /**
   * Verifies a sign-in assertion and records the use (sign count, last use).
   *
   * @param userId the account that owes a second factor, or null for passwordless sign-in (the
   *     account is then the one the passkey's user handle names)
   * @return the passkey used
   * @throws Rejected when anything does not verify
   */
  PasskeyStore.Passkey authenticate(Long userId, PasskeyJson.Assertion a) {
    Challenges.Purpose purpose =
        userId == null ? Challenges.Purpose.PASSWORDLESS : Challenges.Purpose.SECOND_FACTOR;
    byte[] challenge =
        challenges
            .consume(a.challengeId(), purpose, userId)
            .orElseThrow(() -> new Rejected("challenge unknown, used or expired"));
    var response = a.credential().response();
    if (response.authenticatorData() == null || response.signature() == null) {
      throw new Rejected("authenticator data or signature missing");
    }
    byte[] rawId = decodeOrReject(a.credential().rawId());
    PasskeyStore.Passkey passkey =
        store
            .byCredentialId(B64.encodeToString(rawId))
            .orElseThrow(() -> new Rejected("unknown passkey"));
    byte[] userHandle =
        response.userHandle() == null || response.userHandle().isEmpty()
            ? null
            : decodeOrReject(response.userHandle());
    if (userId != null && passkey.userId() != userId) {
      throw new Rejected("passkey of another account");
    }
    if (userId == null
        && (userHandle == null
            || !store
                .userOfHandle(B64.encodeToString(userHandle))
                .map(owner -> owner == passkey.userId())
                .orElse(false))) {
      throw new Rejected("user handle missing or not the passkey's owner");
    }
    AuthenticationData data;
    try {
      var record =
          new CredentialRecordImpl(
              null,
              passkey.uvInitialized(),
              passkey.backupEligible(),
              passkey.backupState(),
              passkey.signCount(),
              credentialData.convert(decodeOrReject(passkey.attestedCredentialData())),
              null,
              null,
              null,
              null);
      data =
          webAuthn.verify(
              new AuthenticationRequest(
                  rawId,
                  userHandle,
                  decodeOrReject(response.authenticatorData()),
                  decodeOrReject(response.clientDataJSON()),
                  null,
                  decodeOrReject(response.signature())),
              new AuthenticationParameters(
                  // No allow-list: the passkey's owner was checked above.
                  server(challenge), record, null, userId == null, true));
    } catch (MaliciousCounterValueException e) {
      throw new Rejected("sign count did not increase: the passkey may have been cloned");
    } catch (WebAuthnException e) {
      throw new Rejected(e.getClass().getSimpleName());
    } catch (Rejected e) {
      throw e;
    } catch (RuntimeException e) {
      throw new Rejected("malformed data: " + e.getClass().getSimpleName());
    }
    AuthenticatorData<?> authData = data.getAuthenticatorData();
    if (!store.recordUse(passkey, authData.getSignCount(), authData.isFlagBS())) {
      throw new Rejected("used twice at the same time");
    }
    return passkey;
  }

  private ServerProperty server(byte[] challenge) {
    return new ServerProperty(origin, rpId, new DefaultChallenge(challenge));
  }

  private List<PasskeyJson.Descriptor> descriptors(long userId) {
    return store.ofUser(userId).stream()
        .map(
            p ->
                new PasskeyJson.Descriptor(
                    "public-key",
                    p.credentialId(),
                    p.transports() == null || p.transports().isEmpty()
                        ? List.of()
                        : List.of(p.transports().split(","))))
        .toList();
  }

  private static String transports(Set<AuthenticatorTransport> transports) {
    if (transports == null || transports.isEmpty()) {
      return null;
    }
    String joined =
        transports.stream()
            .map(AuthenticatorTransport::getValue)
            .filter(t -> t.matches("[a-z-]{1,32}"))
            .distinct()
            .sorted()
            .collect(Collectors.joining(","));
    return joined.isEmpty() || joined.length() > 200 ? null : joined;
  }

  private static byte[] decode(String base64url) {
    try {
      return Base64.getUrlDecoder().decode(base64url);
    } catch (IllegalArgumentException e) {
      throw invalid("a field is not base64url");
    }
  }

  private static byte[] decodeOrReject(String base64url) {
    try {
      return Base64.getUrlDecoder().decode(base64url);
    } catch (IllegalArgumentException e) {
      throw new Rejected("a field is not base64url");
    }
  }

  private static ApiException invalid(String reason) {
    return ApiException.badRequest(
        "passkey-invalid", "The passkey could not be verified (" + reason + "). Try again.");
  }

  private static ApiException tooMany() {
    return new ApiException(
        HttpStatus.CONFLICT,
        "too-many-passkeys",
        "An account can have at most "
            + MAX_PER_ACCOUNT
            + " passkeys. Remove one you no longer use first.");
  }
}
