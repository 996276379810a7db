/**
 * Audio and video in the room: the two RTCPeerConnections of the media signaling contract (its
 * frames are in docs/protocol.md; the client's side is in docs/browser-client.md), the person's own
 * microphone, camera and screen, and the remote tracks.
 *
 * - The publish connection is ours to offer: sendonly transceivers for the microphone and the
 *   camera from the start (without a track while one is off, so their mids never change), and one
 *   for the screen from the first share on. Each offer goes out at once as `publishOffer` with the
 *   mid of each source; no candidates are sent (the server learns our address from our checks) and
 *   `publishAnswer` carries the server's.
 * - The subscribe connection is the server's to offer: each `subscribeOffer` is answered with
 *   `subscribeAnswer`, one at a time, and its `tracks` list is the only map from m-lines to people.
 *
 * The room's state decides: a microphone is live only while the server says our audio is on (a
 * host's mute silences it here too), the camera runs only while our video is on (or while we are
 * asking to turn it on), and the screen only while we share. Unmuting is sent and heard once the
 * server agrees; muting happens here first.
 *
 * After a network change (ICE failed, or disconnected for five seconds, the browser back online, or
 * the signaling connection resumed) ICE restarts: a new publish offer with fresh credentials and
 * `restartMedia` for the subscribe side; if that does not reconnect within ten seconds, both
 * connections are made anew (`restartMedia {fresh: true}`). The waiting room never sees any of
 * this: media starts only inside the room.
 *
 * For browser tests: window.__conclaveMedia = {publishPc, subscribePc, tiles(), stats()}.
 */

import { openTracks, stopTrack } from './devices.js';
import { mediaProblemKey } from './prejoin-media.js';
import { inboundStats, monitorQuality } from './quality.js';
import { playRemoteAudio } from './remote-audio.js';

const CONNECTION = { bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers: [] };
const DISCONNECTED_GRACE_MS = 5000;
const RESTART_AT_MOST_EVERY_MS = 2000;
/** How long an ICE restart may take before both connections are made anew. */
const RECOVERY_MS = 10000;

/** Frames of the media contract that the media controller sends; their errors come back to it. */
export const MEDIA_COMMANDS = new Set(['publishOffer', 'subscribeAnswer', 'restartMedia', 'requestIceServers', 'videoSizes']);

/**
 * The camera goes out as three simulcast encodings, lowest first (the server takes them in this
 * order): a quarter, a half and the whole of the capture's size. The server forwards each person
 * the one that fits their bandwidth and the size at which they show the tile.
 */
const CAMERA_ENCODINGS = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150000, maxFramerate: 15 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500000 },
  { rid: 'f', maxBitrate: 2500000 },
];
/** How often the sizes at which remote videos are shown are checked (sent only when they change). */
const VIDEO_SIZES_EVERY_MS = 1000;
/** A video that is shown but not laid out yet counts as this high. */
const MIN_SHOWN_HEIGHT = 180;

/**
 * Starts media for the room.
 * - `send(frame)` sends on the signaling socket (false when it is down);
 * - `you()` is our latest ParticipantView;
 * - `local` the tracks handed over by the pre-join page ({audio, video}) or null after a reload;
 * - `audioBox` the element that holds the remote audio players;
 * - `onChange()` is called when a track appears, goes or starts/stops flowing;
 * - `onQuality(sample)` every two seconds (see quality.js), and with grade 'unavailable' when the
 *   server refuses our media;
 * - `onProblem(key)` when a device cannot be used (a catalogue key to show);
 * - `relays` the TURN relays from the welcome ({iceServers, expiresAt}), if any.
 */
export function createMedia({ send, you, local, audioBox, onChange, onQuality, onProblem, relays = null }) {
  const tracks = { microphone: (local && local.audio) || null, camera: (local && local.video) || null, screen: null };
  // What we asked the room for and it has not confirmed yet (undefined: nothing asked).
  const pending = { audio: undefined, video: undefined, screen: false };
  const acquiring = { audio: false, video: false };
  const transceivers = { microphone: null, camera: null, screen: null };
  const watched = new WeakSet();
  let publishPc = null;
  let subscribePc = null;
  let negotiating = false;
  let again = null;
  let latestOffer = null;
  let applying = false;
  let subscribeMap = new Map();
  let remote = new Map();
  let lastRestart = 0;
  let recoveryTimer = null;
  let unavailable = false;
  let closed = false;
  let tilesProvider = () => [];
  let iceServers = [];
  let relayTimer = null;
  let sentSizes = null; // what the server was last told (JSON), null when nothing yet

  // ---- TURN relays ----

  function configuration() {
    return { ...CONNECTION, iceServers };
  }

  /**
   * The TURN relays the server gave us (welcome, or `iceServers` when we asked again). Their
   * credentials expire (`expiresAt`, epoch ms): new ones are asked for when most of their life has
   * passed, so that an ICE restart or a new connection always has valid ones. Connections that
   * exist take the new relays for their next gathering.
   */
  function setRelays(list, expiresAt) {
    iceServers = Array.isArray(list) ? list : [];
    for (const pc of [publishPc, subscribePc]) {
      if (pc && pc.signalingState !== 'closed') {
        try {
          pc.setConfiguration(configuration());
        } catch (e) {
          // A browser that cannot change relays on a live connection uses them from the next one.
        }
      }
    }
    clearTimeout(relayTimer);
    relayTimer = null;
    if (!closed && iceServers.length > 0 && expiresAt > 0) {
      const left = Math.min(expiresAt - Date.now(), 24 * 3600 * 1000);
      relayTimer = setTimeout(() => send({ type: 'requestIceServers' }), Math.max(30000, left * 0.8));
    }
  }

  // ---- the publish connection ----

  function newPublishPc() {
    const pc = new RTCPeerConnection(configuration());
    if (tracks.microphone) {
      tracks.microphone.enabled = micLive();
    }
    transceivers.microphone = pc.addTransceiver(tracks.microphone || 'audio', { direction: 'sendonly' });
    transceivers.camera = pc.addTransceiver(tracks.camera || 'video', { direction: 'sendonly', sendEncodings: CAMERA_ENCODINGS });
    transceivers.screen = tracks.screen ? addScreenTransceiver(pc, tracks.screen) : null;
    watchIce(pc);
    return pc;
  }

  /**
   * A shared screen is one encoding that keeps its resolution when bandwidth or CPU run short and
   * gives up frame rate instead: text must stay readable.
   */
  function addScreenTransceiver(pc, track) {
    const transceiver = pc.addTransceiver(track, { direction: 'sendonly' });
    try {
      const parameters = transceiver.sender.getParameters();
      parameters.degradationPreference = 'maintain-resolution';
      transceiver.sender.setParameters(parameters).catch(() => {});
    } catch (e) {
      // A browser without the setting uses the track's content hint alone.
    }
    return transceiver;
  }

  function publishedTracks() {
    return ['microphone', 'camera', 'screen']
      .filter((source) => transceivers[source] && transceivers[source].mid !== null)
      .map((source) => ({ mid: transceivers[source].mid, source }));
  }

  async function rollback(pc) {
    if (pc.signalingState === 'have-local-offer') {
      try {
        await pc.setLocalDescription({ type: 'rollback' });
      } catch (e) {
        // Nothing to undo.
      }
    }
  }

  /** Offers the publish connection's current state; a second call while one is out waits its turn. */
  async function negotiatePublish({ iceRestart = false } = {}) {
    if (closed) {
      return;
    }
    if (negotiating) {
      again = { iceRestart: iceRestart || !!(again && again.iceRestart) };
      return;
    }
    negotiating = true;
    const pc = publishPc;
    try {
      const offer = await pc.createOffer({ iceRestart });
      await pc.setLocalDescription(offer);
      if (!send({ type: 'publishOffer', sdp: pc.localDescription.sdp, tracks: publishedTracks() })) {
        // The socket is down; the resume restarts ICE with a new offer.
        await rollback(pc);
        negotiating = false;
      }
    } catch (e) {
      negotiating = false;
      markUnavailable();
    }
  }

  async function onPublishAnswer(frame) {
    const pc = publishPc;
    if (!pc || pc.signalingState !== 'have-local-offer') {
      return;
    }
    try {
      await pc.setRemoteDescription({ type: 'answer', sdp: String(frame.sdp || '') });
      unavailable = false;
    } catch (e) {
      await rollback(pc);
      markUnavailable();
    }
    negotiating = false;
    if (again) {
      const next = again;
      again = null;
      negotiatePublish(next);
    }
  }

  async function replaceTrack(source, track) {
    const transceiver = transceivers[source];
    if (transceiver && transceiver.sender.track !== track) {
      try {
        await transceiver.sender.replaceTrack(track);
      } catch (e) {
        // The connection is closing; the next one starts with the current tracks.
      }
    }
  }

  // ---- the subscribe connection ----

  function newSubscribePc() {
    const pc = new RTCPeerConnection(configuration());
    watchIce(pc);
    return pc;
  }

  async function answer(pc, frame) {
    await pc.setRemoteDescription({ type: 'offer', sdp: String(frame.sdp || '') });
    const reply = await pc.createAnswer();
    await pc.setLocalDescription(reply);
    // A line without a participant is a shared audio line of a big room: it carries whoever
    // speaks now, and is played like any other voice.
    subscribeMap = new Map((Array.isArray(frame.tracks) ? frame.tracks : [])
      .filter((t) => t && t.mid !== undefined && (t.participantId || t.source === 'microphone'))
      .map((t) => [String(t.mid), t.participantId
        ? { participantId: String(t.participantId), source: String(t.source) }
        : { participantId: null, source: 'microphone', shared: true }]));
    send({ type: 'subscribeAnswer', sdp: pc.localDescription.sdp });
    refreshRemote();
    sentSizes = null; // m-lines may have changed hands: tell the sizes again
    setTimeout(reportVideoSizes, 300);
  }

  /**
   * Applies offers one at a time; offers that arrive meanwhile are replaced by the newest. An offer
   * that does not fit the connection means the two sides lost track of each other: a new subscribe
   * connection asks for a fresh offer.
   */
  async function applyOffers() {
    applying = true;
    while (latestOffer && !closed) {
      const frame = latestOffer;
      latestOffer = null;
      try {
        await answer(subscribePc, frame);
      } catch (e) {
        if (subscribePc.remoteDescription === null || latestOffer) {
          markUnavailable();
        } else {
          freshSubscribe();
        }
      }
    }
    applying = false;
  }

  function freshSubscribe() {
    subscribePc.close();
    subscribePc = newSubscribePc();
    subscribeMap = new Map();
    refreshRemote();
    send({ type: 'restartMedia', fresh: true });
  }

  function refreshRemote() {
    const next = new Map();
    for (const t of subscribePc.getTransceivers()) {
      const who = t.mid !== null ? subscribeMap.get(t.mid) : null;
      if (!who || t.currentDirection === 'inactive' || !t.receiver.track) {
        continue;
      }
      const track = t.receiver.track;
      if (!watched.has(track)) {
        watched.add(track);
        track.addEventListener('mute', changed);
        track.addEventListener('unmute', changed);
      }
      next.set(who.shared ? `shared:${t.mid}` : `${who.participantId}:${who.source}`, { ...who, mid: t.mid, track });
    }
    remote = next;
    playRemoteAudio(audioBox, remote);
    changed();
  }

  // ---- the sizes at which remote videos are shown ----

  /**
   * Each remote video's m-line and the height in device pixels at which the page shows it: its
   * tile's height (at least MIN_SHOWN_HEIGHT, since a tile waiting for its first frame may not be
   * laid out yet); 0 for a video whose tile is not on the page (another page of the grid).
   */
  function videoSizes() {
    const scale = window.devicePixelRatio || 1;
    const sizes = [];
    for (const entry of remote.values()) {
      if (entry.source === 'microphone') {
        continue;
      }
      const tile = document.querySelector(
        `[data-testid=tile][data-participant-id="${CSS.escape(entry.participantId)}"][data-source="${CSS.escape(entry.source)}"]`);
      const height = tile ? Math.max(MIN_SHOWN_HEIGHT, Math.round(tile.getBoundingClientRect().height * scale)) : 0;
      sizes.push({ mid: String(entry.mid), height: Math.min(height, 16384) });
    }
    return sizes;
  }

  /** Tells the server when the sizes changed, so it sends no more than each tile shows. */
  function reportVideoSizes() {
    if (closed) {
      return;
    }
    const sizes = videoSizes();
    const key = JSON.stringify(sizes);
    if (key !== sentSizes && (sizes.length > 0 || sentSizes !== null) && send({ type: 'videoSizes', sizes })) {
      sentSizes = key;
    }
  }

  const sizesTimer = setInterval(reportVideoSizes, VIDEO_SIZES_EVERY_MS);

  // ---- ICE restarts ----

  function watchIce(pc) {
    let timer = null;
    pc.addEventListener('iceconnectionstatechange', () => {
      clearTimeout(timer);
      if (pc !== publishPc && pc !== subscribePc) {
        return;
      }
      if (pc.iceConnectionState === 'failed') {
        restartIce();
      } else if (pc.iceConnectionState === 'disconnected') {
        timer = setTimeout(() => {
          if (pc.iceConnectionState === 'disconnected') {
            restartIce();
          }
        }, DISCONNECTED_GRACE_MS);
      }
    });
  }

  function connected(pc) {
    return pc.iceConnectionState === 'connected' || pc.iceConnectionState === 'completed';
  }

  /**
   * Fresh ICE on both connections (our offer for publishing, the server's for subscribing). If they
   * are not connected again within ten seconds, the server has probably let our transports go
   * (its consent timeout): both connections are made anew.
   */
  async function restartIce() {
    const now = Date.now();
    if (closed || now - lastRestart < RESTART_AT_MOST_EVERY_MS) {
      return;
    }
    if (!send({ type: 'restartMedia', fresh: false })) {
      // The signaling socket is down too: its resume brings us back here.
      return;
    }
    lastRestart = now;
    if (negotiating) {
      // An offer whose answer was lost with the old socket would block every later one.
      await rollback(publishPc);
      negotiating = false;
    }
    negotiatePublish({ iceRestart: true });
    clearTimeout(recoveryTimer);
    recoveryTimer = setTimeout(() => {
      if (!closed && !(connected(publishPc) && connected(subscribePc))) {
        startAfresh();
      }
    }, RECOVERY_MS);
  }

  /** New publish and subscribe connections (a new DTLS fingerprint gets a new transport). */
  function startAfresh() {
    publishPc.close();
    negotiating = false;
    again = null;
    publishPc = newPublishPc();
    negotiatePublish();
    freshSubscribe();
  }

  function markUnavailable() {
    unavailable = true;
    onQuality({ grade: 'unavailable' });
  }

  // ---- our own devices ----

  async function acquire(kind) {
    const isAudio = kind === 'audio';
    if (acquiring[kind]) {
      return false;
    }
    acquiring[kind] = true;
    const opened = await openTracks({ audio: isAudio, video: !isAudio });
    acquiring[kind] = false;
    const track = isAudio ? opened.audio : opened.video;
    if (closed || !track) {
      stopTrack(track);
      if (!closed) {
        onProblem(mediaProblemKey(opened) || 'media.problem.unsupported');
      }
      return false;
    }
    if (isAudio) {
      stopTrack(tracks.microphone);
      track.enabled = micLive();
      tracks.microphone = track;
      await replaceTrack('microphone', track);
    } else {
      stopTrack(tracks.camera);
      tracks.camera = track;
      await replaceTrack('camera', track);
    }
    changed();
    return true;
  }

  function stopCamera() {
    if (tracks.camera) {
      stopTrack(tracks.camera);
      tracks.camera = null;
      replaceTrack('camera', null);
    }
  }

  function stopScreenHere() {
    if (tracks.screen) {
      stopTrack(tracks.screen);
      tracks.screen = null;
      replaceTrack('screen', null);
    }
    pending.screen = false;
  }

  /** Whether our microphone may be heard: the room says so, and we are not muting ourselves. */
  function micLive() {
    return !!you().audio && pending.audio !== false;
  }

  /** Whether our camera should run: what we asked for, else what the room says. */
  function cameraWanted() {
    return pending.video !== undefined ? pending.video : !!you().video;
  }

  /** Makes our devices follow the room's view of us (called after every change to it). */
  function reconcile() {
    if (closed) {
      return;
    }
    const me = you();
    if (pending.audio === !!me.audio) {
      pending.audio = undefined;
    }
    if (pending.video === !!me.video) {
      pending.video = undefined;
    }
    if (tracks.microphone) {
      tracks.microphone.enabled = micLive();
    } else if (micLive()) {
      acquire('audio').then((ok) => {
        if (!ok && you().audio) {
          send({ type: 'setOwnMedia', audio: false });
        }
      });
    }
    if (!cameraWanted()) {
      stopCamera();
    } else if (me.video && !tracks.camera) {
      acquire('video').then((ok) => {
        if (!ok && you().video) {
          send({ type: 'setOwnMedia', video: false });
        }
      });
    }
    if (me.screen) {
      pending.screen = false;
    } else if (!pending.screen && tracks.screen) {
      stopScreenHere();
    }
    changed();
  }

  function changed() {
    if (!closed) {
      onChange();
    }
  }

  // ---- start ----

  if (relays) {
    setRelays(relays.iceServers, relays.expiresAt);
  }
  publishPc = newPublishPc();
  subscribePc = newSubscribePc();
  const onOnline = () => restartIce();
  window.addEventListener('online', onOnline);
  const stopQuality = monitorQuality(() => ({ publish: publishPc, subscribe: subscribePc }), (sample) => {
    if (!unavailable) {
      onQuality(sample);
    }
  });

  const controller = {
    /**
     * Sends the first offer. With the pre-join page's choice ({micOn, cameraOn}) it first tells the
     * room whether we start with the microphone and the camera; without one (a reload straight into
     * the room) our devices simply follow what the room says about us.
     */
    start(choice) {
      if (choice) {
        const me = you();
        // A room that mutes newcomers keeps us muted; we never unmute ourselves on entry.
        const audio = !!(choice.micOn && me.audio);
        const video = !!(choice.cameraOn && tracks.camera);
        pending.audio = audio;
        pending.video = video;
        if (!send({ type: 'setOwnMedia', audio, video })) {
          pending.audio = undefined;
          pending.video = undefined;
        }
      }
      reconcile();
      negotiatePublish();
      if (choice && choice.cameraOn && !tracks.camera) {
        // Joined before the browser had opened the camera: open it now.
        controller.setCamera(true);
      }
    },

    /** The frames of the media contract, and errors for our media commands. */
    handle(frame) {
      if (closed) {
        return;
      }
      if (frame.type === 'publishAnswer') {
        onPublishAnswer(frame);
      } else if (frame.type === 'iceServers') {
        setRelays(frame.iceServers, frame.expiresAt);
      } else if (frame.type === 'subscribeOffer') {
        latestOffer = frame;
        if (!applying) {
          applyOffers();
        }
      } else if (frame.type === 'error' && frame.command === 'requestIceServers') {
        // Keep the relays we have and ask again in a minute; a resume brings new ones too.
        clearTimeout(relayTimer);
        relayTimer = setTimeout(() => send({ type: 'requestIceServers' }), 60000);
      } else if (frame.type === 'error' && frame.command === 'publishOffer') {
        rollback(publishPc).then(() => {
          negotiating = false;
          again = null;
          markUnavailable();
        });
      } else if (frame.type === 'error') {
        markUnavailable();
      }
    },

    /** A refused setOwnMedia or shareScreen: stop whatever we started in hope. */
    refused(frame) {
      if (frame.command === 'setOwnMedia') {
        pending.audio = undefined;
        pending.video = undefined;
      } else if (frame.command === 'shareScreen') {
        stopScreenHere();
      }
      reconcile();
    },

    reconcile,

    /** The microphone button: muting is immediate; unmuting is heard once the room agrees. */
    async setMicrophone(on) {
      if (!on) {
        pending.audio = false;
        if (tracks.microphone) {
          tracks.microphone.enabled = false;
        }
        if (!send({ type: 'setOwnMedia', audio: false })) {
          pending.audio = undefined;
        }
        return;
      }
      if (!tracks.microphone && !(await acquire('audio'))) {
        return;
      }
      pending.audio = true;
      if (!send({ type: 'setOwnMedia', audio: true })) {
        pending.audio = undefined;
      }
    },

    /** The camera button: off stops the camera at once; on opens it and asks the room. */
    async setCamera(on) {
      if (!on) {
        pending.video = false;
        stopCamera();
        if (!send({ type: 'setOwnMedia', video: false })) {
          pending.video = undefined;
        }
        changed();
        return;
      }
      pending.video = true;
      if (!tracks.camera && !(await acquire('video'))) {
        pending.video = undefined;
        return;
      }
      if (!send({ type: 'setOwnMedia', video: true })) {
        pending.video = undefined;
        reconcile();
      }
    },

    /**
     * Starts sharing: the browser asks what to share (this must run inside the click), the track
     * goes on the screen transceiver (added on the first share, which needs a new offer), then
     * `shareScreen {on: true}`. Resolves false when nothing was shared.
     */
    async startScreen() {
      let stream;
      try {
        stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 } }, audio: false });
      } catch (e) {
        if (e && e.name !== 'NotAllowedError' && e.name !== 'AbortError') {
          onProblem('media.problem.screen');
        }
        return false;
      }
      const track = stream.getVideoTracks()[0];
      if (!track || closed) {
        stopTrack(track);
        return false;
      }
      track.contentHint = 'detail';
      // The browser's own "Stop sharing" ends the track.
      track.addEventListener('ended', () => {
        if (tracks.screen === track) {
          controller.stopScreen();
        }
      });
      stopScreenHere();
      tracks.screen = track;
      pending.screen = true;
      if (transceivers.screen) {
        await replaceTrack('screen', track);
      } else {
        transceivers.screen = addScreenTransceiver(publishPc, track);
        // The offer with the screen's mid goes out before the room hears that we share.
        await negotiatePublish();
      }
      if (!send({ type: 'shareScreen', on: true })) {
        stopScreenHere();
      }
      changed();
      return true;
    },

    stopScreen() {
      const wasSharing = you().screen || pending.screen;
      stopScreenHere();
      if (wasSharing) {
        send({ type: 'shareScreen', on: false });
      }
      changed();
    },

    /** The signaling connection came back after a drop: media restarts ICE. */
    resumed() {
      restartIce();
    },

    /** What the grid shows: our own tracks and each remote one by `${participantId}:${source}`. */
    view() {
      return { camera: tracks.camera, screen: tracks.screen, remote };
    },

    /** The grid's visible tiles, for the test hook. */
    setTilesProvider(provider) {
      tilesProvider = provider;
    },

    /** New relays from a welcome (after a resume, say). */
    setRelays,

    close() {
      closed = true;
      clearInterval(sizesTimer);
      clearTimeout(relayTimer);
      clearTimeout(recoveryTimer);
      window.removeEventListener('online', onOnline);
      stopQuality();
      for (const source of Object.keys(tracks)) {
        stopTrack(tracks[source]);
        tracks[source] = null;
      }
      publishPc.close();
      subscribePc.close();
      remote = new Map();
      playRemoteAudio(audioBox, remote);
    },
  };

  window.__conclaveMedia = {
    get publishPc() {
      return publishPc;
    },
    get subscribePc() {
      return subscribePc;
    },
    tiles: () => tilesProvider(),
    stats: () => inboundStats(subscribePc, subscribeMap),
  };

  return controller;
}
