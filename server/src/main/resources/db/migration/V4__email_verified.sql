-- Whether the e-mail address of an account is vouched for: set by an administrator, or by the
-- single sign-on provider. Self-registered addresses are not (nobody has proved they own them), so
-- single sign-on must not match an account by such an address: otherwise someone could register
-- with another person's address first and wait for them to sign in (account pre-hijacking).
ALTER TABLE users ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT TRUE;
