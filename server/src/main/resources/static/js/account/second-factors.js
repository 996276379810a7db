/**
 * The account's second factors (GET /api/v1/account/second-factors), shared by the two-factor and
 * passkey sections: loaded once, loaded again after every change, and handed to every listener.
 */

import { get } from '../api.js';

const listeners = [];
let last = null;

/** Calls listener(state, error) now (if loaded) and after every load. */
export function onSecondFactors(listener) {
  listeners.push(listener);
  if (last) {
    listener(last.state, last.error);
  }
}

export async function loadSecondFactors() {
  try {
    last = { state: await get('/api/v1/account/second-factors'), error: null };
  } catch (e) {
    last = { state: null, error: e };
  }
  for (const listener of listeners) {
    listener(last.state, last.error);
  }
}
