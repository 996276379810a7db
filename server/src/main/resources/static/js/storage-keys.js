/** Names of the sessionStorage entries that carry a little state from one page to the next. */
export const KEYS = Object.freeze({
  /** The second-factor methods the sign-in answer offered (JSON array). */
  methods: 'conclave.second-factor-methods',
  /** A user name to fill in on the sign-in page (after set-up, invitation, registration). */
  username: 'conclave.username',
  /** Set by sign-out, so the sign-in page can say "You have signed out". */
  signedOut: 'conclave.signed-out',
});
