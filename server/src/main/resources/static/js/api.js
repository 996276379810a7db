/**
 * The one way the pages talk to the server: JSON in and out under /api/v1, the CSRF token echoed
 * in X-CSRF-Token on every change, and problem+json answers turned into an ApiError that carries
 * the server's stable `code` (the pages show their own sentence for it, in the reader's language).
 */

import { KEYS } from './storage-keys.js';

const CSRF_COOKIE = '__Host-csrf';
const CSRF_HEADER = 'X-CSRF-Token';

/** A refusal or failure from the server, or `network` when it could not be reached. */
export class ApiError extends Error {
  constructor(status, code, detail, retryAfter, body) {
    super(detail || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail || null;
    this.retryAfter = retryAfter;
    this.body = body || null;
  }
}

let tokenFromSession = null;

function readCookie(name) {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      return decodeURIComponent(part.slice(eq + 1).trim());
    }
  }
  return null;
}

/** The CSRF token: from its cookie, or (first visit, cookie not yet set) from the session. */
async function csrfToken(refresh) {
  if (!refresh) {
    const fromCookie = readCookie(CSRF_COOKIE);
    if (fromCookie) {
      return fromCookie;
    }
  }
  const session = await request('/api/v1/session');
  tokenFromSession = session && session.csrfToken;
  return readCookie(CSRF_COOKIE) || tokenFromSession;
}

async function request(path, { method = 'GET', body, signal, csrf } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (csrf) {
    headers[CSRF_HEADER] = csrf;
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (e) {
    if (e && e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, 'network', null);
  }
  if (response.status === 204) {
    return null;
  }
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const retry = Number.parseInt(response.headers.get('Retry-After') || '', 10);
    throw new ApiError(
      response.status,
      (data && data.code) || `http-${response.status}`,
      data && data.detail,
      Number.isFinite(retry) ? retry : undefined,
      data,
    );
  }
  return data;
}

/**
 * Calls the API. Changes (anything but GET) carry the CSRF token; when the server says the token
 * is missing or stale, the token is fetched again and the call repeated once.
 *
 * @param {string} path an absolute path under /api/v1
 * @param {{method?: string, body?: any, signal?: AbortSignal}} options
 * @returns {Promise<any>} the parsed JSON answer, or null for 204
 * @throws {ApiError}
 */
export async function api(path, options = {}) {
  const method = (options.method || 'GET').toUpperCase();
  if (method === 'GET' || method === 'HEAD') {
    return request(path, { ...options, method });
  }
  const token = await csrfToken(false);
  try {
    return await request(path, { ...options, method, csrf: token });
  } catch (e) {
    if (e instanceof ApiError && e.code === 'csrf-token-missing') {
      const fresh = await csrfToken(true);
      return request(path, { ...options, method, csrf: fresh });
    }
    throw e;
  }
}

export const get = (path, options) => api(path, { ...options, method: 'GET' });
export const post = (path, body, options) => api(path, { ...options, method: 'POST', body });
export const del = (path, options) => api(path, { ...options, method: 'DELETE' });

/** The sign-in state: {authenticated, secondFactorPending, user, csrfToken}. */
export function getSession() {
  return get('/api/v1/session');
}

let configPromise = null;

/** The organisation's public settings, or null when they cannot be read (fetched once). */
export function publicConfig() {
  if (!configPromise) {
    configPromise = get('/api/v1/public/config').catch(() => null);
  }
  return configPromise;
}

/** Ends this session and goes to the sign-in page. */
export async function signOut() {
  try {
    await post('/api/v1/auth/sign-out');
  } finally {
    sessionStorage.setItem(KEYS.signedOut, '1');
    window.location.assign('/sign-in');
  }
}
