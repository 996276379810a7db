-- Multi-factor authentication, beyond what V1 laid out.

-- The WebAuthn user handle of each account that has registered a passkey: 32 random bytes
-- (base64url), never the user id or name, as the WebAuthn spec recommends. A discoverable passkey
-- hands it back at passwordless sign-in, naming its owner.
CREATE TABLE passkey_users (
    user_id     BIGINT      PRIMARY KEY REFERENCES users (id),
    user_handle VARCHAR(64) NOT NULL UNIQUE
);

-- What the authenticator said about the credential at registration and since: transports (a hint
-- for the browser), whether it verified the user, and whether it may be / is backed up (synced).
ALTER TABLE passkeys ADD COLUMN transports VARCHAR(200);
ALTER TABLE passkeys ADD COLUMN uv_initialized BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE passkeys ADD COLUMN backup_eligible BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE passkeys ADD COLUMN backup_state BOOLEAN NOT NULL DEFAULT FALSE;

CREATE INDEX auth_challenges_expiry ON auth_challenges (expires_at);
