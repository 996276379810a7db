/**
 * Passkeys (WebAuthn) between the server's JSON and the browser's credential API: the server sends
 * binary fields as base64url text and expects the credential back the same way.
 */

export function supported() {
  return typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;
}

/** base64url text (no padding) to an ArrayBuffer. */
export function fromBase64url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes.buffer;
}

/** An ArrayBuffer (or view) to base64url text without padding. */
export function toBase64url(buffer) {
  const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let binary = '';
  for (const b of bytes) {
    binary += String.fromCharCode(b);
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function descriptors(list) {
  return (list || []).map((c) => ({ ...c, id: fromBase64url(c.id) }));
}

/** The server's creation options (registration) as the browser wants them. */
export function creationOptions(json) {
  return {
    ...json,
    challenge: fromBase64url(json.challenge),
    user: { ...json.user, id: fromBase64url(json.user.id) },
    excludeCredentials: descriptors(json.excludeCredentials),
  };
}

/** The server's request options (sign-in) as the browser wants them. */
export function requestOptions(json) {
  const options = { ...json, challenge: fromBase64url(json.challenge) };
  if (json.allowCredentials) {
    options.allowCredentials = descriptors(json.allowCredentials);
  }
  return options;
}

/** A new credential (from create) as JSON for the server. */
export function registrationJson(credential) {
  const r = credential.response;
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: {
      clientDataJSON: toBase64url(r.clientDataJSON),
      attestationObject: toBase64url(r.attestationObject),
      transports: typeof r.getTransports === 'function' ? r.getTransports() : [],
    },
  };
}

/** An assertion (from get) as JSON for the server. */
export function assertionJson(credential) {
  const r = credential.response;
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response: {
      clientDataJSON: toBase64url(r.clientDataJSON),
      authenticatorData: toBase64url(r.authenticatorData),
      signature: toBase64url(r.signature),
      userHandle: r.userHandle ? toBase64url(r.userHandle) : null,
    },
  };
}

/** Asks the browser for a new passkey. */
export async function createPasskey(publicKey) {
  const credential = await navigator.credentials.create({ publicKey: creationOptions(publicKey) });
  return registrationJson(credential);
}

/** Asks the browser to sign the challenge with a passkey. */
export async function usePasskey(publicKey) {
  const credential = await navigator.credentials.get({ publicKey: requestOptions(publicKey) });
  return assertionJson(credential);
}

/** True when the person cancelled or the prompt timed out (not worth an alarming message). */
export function wasCancelled(error) {
  return error && (error.name === 'NotAllowedError' || error.name === 'AbortError');
}
