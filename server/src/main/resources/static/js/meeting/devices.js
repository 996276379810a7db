/**
 * The person's own camera and microphone: opening them with the remembered devices, listing the
 * devices once the browser allows it, and a level meter for the microphone. Only the chosen device
 * ids are remembered (localStorage), never whether the camera or microphone was on.
 *
 * Failures come back as a reason, not an exception, so the page can always go on without media:
 * 'denied' (the browser or the person refused), 'missing' (no such device), 'busy' (another app
 * holds it), 'unsupported' (no media API here, e.g. not a secure context).
 */

const STORE_KEY = 'conclave.media-devices';

/** The remembered device ids: {microphone, camera}, each a string or undefined. */
export function savedDevices() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORE_KEY) || '{}');
    return {
      microphone: typeof saved.microphone === 'string' ? saved.microphone : undefined,
      camera: typeof saved.camera === 'string' ? saved.camera : undefined,
    };
  } catch (e) {
    return {};
  }
}

/** Remembers the chosen device of a kind ('microphone' or 'camera'). */
export function saveDevice(kind, deviceId) {
  const devices = { ...savedDevices(), [kind]: deviceId || undefined };
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(devices));
  } catch (e) {
    // Only a convenience for next time.
  }
}

export function mediaSupported() {
  return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

// A chosen device is asked for exactly: as an "ideal" wish, Chromium prefers whichever device best
// fits the other wishes (size, frame rate). A device that is gone is retried as "any device".
function audioConstraints(deviceId) {
  return { deviceId: deviceId ? { exact: deviceId } : undefined, echoCancellation: true, noiseSuppression: true, autoGainControl: true };
}

function videoConstraints(deviceId) {
  return {
    deviceId: deviceId ? { exact: deviceId } : undefined,
    width: { ideal: 1280 },
    height: { ideal: 720 },
    frameRate: { ideal: 30, max: 30 },
  };
}

/** The reason for a getUserMedia failure, in the words above. */
export function failureReason(error) {
  const name = error && error.name;
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') {
    return 'denied';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') {
    return 'missing';
  }
  if (name === 'NotReadableError' || name === 'AbortError' || name === 'TrackStartError') {
    return 'busy';
  }
  return 'unsupported';
}

/**
 * Opens the microphone and/or the camera. `devices` holds the wanted ids (from savedDevices or a
 * picker). Resolves to {audio, video, audioError, videoError}: a track or null for each, and the
 * reason when one was wanted but could not be had. When both are wanted and the pair fails, each is
 * tried alone, so a missing camera does not cost the microphone.
 */
export async function openTracks({ audio = false, video = false, devices = savedDevices() } = {}) {
  const result = { audio: null, video: null, audioError: null, videoError: null };
  if (!audio && !video) {
    return result;
  }
  if (!mediaSupported()) {
    result.audioError = audio ? 'unsupported' : null;
    result.videoError = video ? 'unsupported' : null;
    return result;
  }
  const ask = async (wantAudio, wantVideo) => {
    const chosen = (wantAudio && devices.microphone) || (wantVideo && devices.camera);
    try {
      return await navigator.mediaDevices.getUserMedia({
        audio: wantAudio ? audioConstraints(devices.microphone) : false,
        video: wantVideo ? videoConstraints(devices.camera) : false,
      });
    } catch (error) {
      if (!chosen || failureReason(error) !== 'missing') {
        throw error;
      }
      return navigator.mediaDevices.getUserMedia({
        audio: wantAudio ? audioConstraints() : false,
        video: wantVideo ? videoConstraints() : false,
      });
    }
  };
  try {
    const stream = await ask(audio, video);
    result.audio = stream.getAudioTracks()[0] || null;
    result.video = stream.getVideoTracks()[0] || null;
    return result;
  } catch (error) {
    if (!(audio && video)) {
      result.audioError = audio ? failureReason(error) : null;
      result.videoError = video ? failureReason(error) : null;
      return result;
    }
  }
  try {
    result.audio = (await ask(true, false)).getAudioTracks()[0] || null;
  } catch (error) {
    result.audioError = failureReason(error);
  }
  try {
    result.video = (await ask(false, true)).getVideoTracks()[0] || null;
  } catch (error) {
    result.videoError = failureReason(error);
  }
  return result;
}

/**
 * The microphones and cameras the browser lists: {microphones, cameras}, each [{id, label}].
 * Labels are empty until the person has allowed a device; then they name it.
 */
export async function listDevices() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.enumerateDevices) {
    return { microphones: [], cameras: [] };
  }
  try {
    const all = await navigator.mediaDevices.enumerateDevices();
    const pick = (kind) => all.filter((d) => d.kind === kind && d.deviceId)
      .map((d) => ({ id: d.deviceId, label: d.label }));
    return { microphones: pick('audioinput'), cameras: pick('videoinput') };
  } catch (e) {
    return { microphones: [], cameras: [] };
  }
}

/** The id of the device a live track comes from, if the browser says. */
export function deviceOf(track) {
  if (!track || !track.getSettings) {
    return undefined;
  }
  return track.getSettings().deviceId || undefined;
}

/**
 * Measures a microphone track's level ten times a second and calls onLevel(0..1). Returns a
 * function that stops measuring. Costs one AnalyserNode; nothing is recorded or sent.
 */
export function measureLevel(track, onLevel) {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!track || !Context) {
    return () => {};
  }
  let context;
  try {
    context = new Context();
  } catch (e) {
    return () => {};
  }
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  // A context made before the person clicked anything starts suspended; the first click wakes it.
  const wake = () => context.resume().catch(() => {});
  document.addEventListener('pointerdown', wake, { once: true });
  document.addEventListener('keydown', wake, { once: true });
  wake();
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const s of samples) {
      sum += s * s;
    }
    const rms = Math.sqrt(sum / samples.length);
    onLevel(Math.min(1, rms * 5));
  }, 100);
  return () => {
    clearInterval(timer);
    document.removeEventListener('pointerdown', wake);
    document.removeEventListener('keydown', wake);
    source.disconnect();
    context.close().catch(() => {});
  };
}

/** Stops a track if there is one (the camera light goes off). */
export function stopTrack(track) {
  if (track) {
    track.stop();
  }
}
