/**
 * The signaling connection of a live meeting (docs/protocol.md is the contract): one WebSocket to
 * /ws on this server, opened with the entry ticket (`hello`), kept alive with a `ping` every 10
 * seconds, and resumed with the latest resume token when the network drops (`resume`, within the
 * server's 30-second window). The token lives in sessionStorage, so reloading the page within the
 * window also comes back in without the waiting room.
 *
 * For browser tests, the types and text of the last frames received are kept in
 * `window.__conclaveFrames` (received frames only; tests read them to prove what a page was sent).
 */

const VERSION = 1;
const PING_EVERY_MS = 10000;
const RESUME_WINDOW_MS = 30000;
const FRAMES_KEPT = 500;
const STORE_PREFIX = 'conclave.room.';

/** Frames after which the server closes the socket and nothing may be resumed. */
const FINAL = new Set(['refused', 'denied', 'removed', 'ended']);

/** Answers to hello or resume after which this connection cannot enter. */
const OPENING_REFUSED = new Set(['ticket-invalid', 'resume-invalid', 'unsupported-version']);

const frames = [];
window.__conclaveFrames = frames;

function remember(type, json) {
  frames.push({ type, json });
  if (frames.length > FRAMES_KEPT) {
    frames.splice(0, frames.length - FRAMES_KEPT);
  }
}

function socketUrl() {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/ws`;
}

/** The resume token kept for a meeting code, if it is still young enough to be worth trying. */
export function storedResume(code) {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE_PREFIX + code) || 'null');
    if (saved && typeof saved.token === 'string' && Date.now() - saved.at < RESUME_WINDOW_MS) {
      return saved.token;
    }
  } catch (e) {
    // A damaged entry is simply not used.
  }
  return null;
}

function storeResume(code, token) {
  try {
    if (token) {
      sessionStorage.setItem(STORE_PREFIX + code, JSON.stringify({ token, at: Date.now() }));
    } else {
      sessionStorage.removeItem(STORE_PREFIX + code);
    }
  } catch (e) {
    // Without storage, a reload cannot resume; the live connection still can.
  }
}

/**
 * A connection to one meeting. `onFrame(frame)` gets every frame from the server (already
 * parsed); `onStatus(status)` gets 'connecting', 'open', 'reconnecting', 'lost' (the drop could not
 * be resumed) and 'closed' (after a final frame or leaving).
 */
export class RoomConnection {
  constructor(code, { onFrame, onStatus }) {
    this.code = code;
    this.onFrame = onFrame;
    this.onStatus = onStatus;
    this.socket = null;
    this.resumeToken = null;
    this.finished = false;
    this.droppedAt = 0;
    this.attempt = 0;
    this.pingTimer = null;
    this.retryTimer = null;
  }

  /** Opens the connection with an entry ticket from POST /api/v1/join. */
  start(ticket) {
    this.open({ type: 'hello', v: VERSION, ticket });
  }

  /** Opens the connection with a stored resume token (after a reload). */
  resume(token) {
    this.resumeToken = token;
    this.droppedAt = Date.now();
    this.open({ type: 'resume', v: VERSION, token });
  }

  /** Sends a frame; false when the socket is not open (the caller may say so). */
  send(frame) {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      return false;
    }
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  /** Leaves on purpose: the server frees the place at once, and nothing is resumed. */
  leave() {
    this.send({ type: 'leave' });
    this.finish();
  }

  finish() {
    this.finished = true;
    storeResume(this.code, null);
    this.stopTimers();
    if (this.socket) {
      try {
        this.socket.close(1000);
      } catch (e) {
        // Already closing.
      }
    }
    this.onStatus('closed');
  }

  open(first) {
    this.onStatus(first.type === 'hello' ? 'connecting' : 'reconnecting');
    let socket;
    try {
      socket = new WebSocket(socketUrl());
    } catch (e) {
      this.dropped();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify(first));
      this.stopTimers();
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), PING_EVERY_MS);
    });
    socket.addEventListener('message', (event) => this.received(event.data));
    socket.addEventListener('close', () => {
      if (this.socket === socket) {
        this.dropped();
      }
    });
  }

  received(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch (e) {
      return;
    }
    if (!frame || typeof frame.type !== 'string') {
      return;
    }
    remember(frame.type, String(text));
    if (frame.type === 'welcome' || frame.type === 'waiting') {
      this.resumeToken = frame.resumeToken || null;
      this.attempt = 0;
      this.droppedAt = 0;
      storeResume(this.code, this.resumeToken);
      this.onStatus('open');
    } else if (this.resumeToken) {
      // Keeps the stored token's age close to the moment of a drop.
      storeResume(this.code, this.resumeToken);
    }
    if (FINAL.has(frame.type)) {
      this.finished = true;
      storeResume(this.code, null);
      this.stopTimers();
    }
    this.onFrame(frame);
    if (frame.type === 'error' && OPENING_REFUSED.has(frame.code)) {
      // The server keeps the socket open but will not let it in: nothing more to try.
      this.resumeToken = null;
      this.finished = true;
      storeResume(this.code, null);
      this.stopTimers();
      if (this.socket) {
        this.socket.close(1000);
      }
      this.onStatus('lost');
    }
  }

  dropped() {
    this.stopTimers();
    this.socket = null;
    if (this.finished) {
      return;
    }
    const now = Date.now();
    if (!this.droppedAt) {
      this.droppedAt = now;
    }
    if (!this.resumeToken || now - this.droppedAt >= RESUME_WINDOW_MS) {
      this.finished = true;
      storeResume(this.code, null);
      this.onStatus('lost');
      return;
    }
    this.onStatus('reconnecting');
    const delay = Math.min(500 * 2 ** this.attempt, 4000);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      if (!this.finished) {
        this.open({ type: 'resume', v: VERSION, token: this.resumeToken });
      }
    }, delay);
  }

  stopTimers() {
    clearInterval(this.pingTimer);
    clearTimeout(this.retryTimer);
    this.pingTimer = null;
    this.retryTimer = null;
  }
}
