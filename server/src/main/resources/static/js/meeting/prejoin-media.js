/**
 * The media half of the pre-join page: a live, mirrored preview of the camera, a level meter for
 * the microphone, pickers for both (filled once the browser allows the devices, because only then
 * does it name them), and toggles to join with the microphone or the camera off. Turning the
 * camera off stops it (its light goes off). Whatever happens, the person can still join: a missing
 * device or a refusal is said in words under the preview.
 *
 * The tracks are handed to the room on joining (take()), so the camera is not opened twice.
 */

import { $, el, icon, show } from '../dom.js';
import { t, translate } from '../i18n.js';
import { deviceOf, listDevices, measureLevel, openTracks, saveDevice, savedDevices, stopTrack } from './devices.js';

/** Sets a round toggle's pressed state and icon. */
function setToggle(button, on, iconOn, iconOff) {
  button.setAttribute('aria-pressed', String(on));
  button.querySelector('.icon').className = `icon icon-${on ? iconOn : iconOff}`;
}

/** The sentence for what could not be opened (null when all is well). */
export function mediaProblemKey({ audioError, videoError }) {
  if (audioError && videoError) {
    return audioError === videoError ? `media.problem.${audioError}` : 'media.problem.both';
  }
  if (videoError) {
    return videoError === 'missing' ? 'media.problem.noCamera' : `media.problem.camera.${videoError}`;
  }
  if (audioError) {
    return audioError === 'missing' ? 'media.problem.noMicrophone' : `media.problem.microphone.${audioError}`;
  }
  return null;
}

/** Builds the controller over the pre-join page's media elements. */
export function createPrejoinMedia() {
  const preview = $('#preview');
  const micButton = $('#pj-mic');
  const cameraButton = $('#pj-camera');
  const meter = $('#mic-level');
  const message = $('#media-message');
  const pickMic = $('#pick-microphone');
  const pickCamera = $('#pick-camera');
  const state = { micOn: true, cameraOn: true, audio: null, video: null, audioError: null, videoError: null };
  let stopMeter = () => {};
  let taken = false;

  function renderMessage() {
    const key = mediaProblemKey(state);
    if (key) {
      message.replaceChildren(icon('info'), el('span', { text: key }));
    }
    show(message, !!key);
  }

  function render() {
    setToggle(micButton, state.micOn, 'mic', 'mic-off');
    setToggle(cameraButton, state.cameraOn, 'video', 'video-off');
    const live = state.cameraOn && state.video;
    if (live) {
      if (preview.srcObject === null || preview.srcObject.getVideoTracks()[0] !== state.video) {
        preview.srcObject = new MediaStream([state.video]);
      }
    } else {
      preview.srcObject = null;
    }
    preview.hidden = !live;
    show($('#preview-off'), !live);
    translate($('#preview-off-text'), state.cameraOn && state.videoError ? 'media.noPreview' : 'media.cameraIsOff');
    $('#level-row').classList.toggle('level-off', !(state.micOn && state.audio));
    renderMessage();
  }

  function restartMeter() {
    stopMeter();
    meter.value = 0;
    stopMeter = state.micOn && state.audio ? measureLevel(state.audio, (level) => { meter.value = level; }) : () => {};
  }

  function fill(select, devices, current, fallbackKey) {
    select.replaceChildren(...devices.map((d, i) =>
      el('option', { plain: d.label || t(fallbackKey, { number: i + 1 }), attrs: { value: d.id } })));
    if (current && devices.some((d) => d.id === current)) {
      select.value = current;
    }
    select.disabled = devices.length === 0;
  }

  async function fillPickers() {
    const { microphones, cameras } = await listDevices();
    const saved = savedDevices();
    fill(pickMic, microphones, deviceOf(state.audio) || saved.microphone, 'media.microphoneNumber');
    fill(pickCamera, cameras, deviceOf(state.video) || saved.camera, 'media.cameraNumber');
  }

  async function open(kind) {
    const wantAudio = kind === 'audio';
    const opened = await openTracks({ audio: wantAudio, video: !wantAudio });
    if (taken) {
      stopTrack(opened.audio);
      stopTrack(opened.video);
      return;
    }
    if (wantAudio) {
      stopTrack(state.audio);
      state.audio = opened.audio;
      state.audioError = opened.audioError;
      restartMeter();
    } else {
      stopTrack(state.video);
      state.video = opened.video;
      state.videoError = opened.videoError;
    }
    render();
  }

  micButton.addEventListener('click', async () => {
    state.micOn = !state.micOn;
    if (!state.micOn) {
      stopTrack(state.audio);
      state.audio = null;
      state.audioError = null;
      restartMeter();
      render();
    } else {
      render();
      await open('audio');
    }
  });

  cameraButton.addEventListener('click', async () => {
    state.cameraOn = !state.cameraOn;
    if (!state.cameraOn) {
      stopTrack(state.video);
      state.video = null;
      state.videoError = null;
      render();
    } else {
      render();
      await open('video');
    }
  });

  pickMic.addEventListener('change', async () => {
    saveDevice('microphone', pickMic.value);
    if (state.micOn) {
      await open('audio');
    }
  });
  pickCamera.addEventListener('change', async () => {
    saveDevice('camera', pickCamera.value);
    if (state.cameraOn) {
      await open('video');
    }
  });
  const onLanguage = () => render();
  document.addEventListener('conclave:language', onLanguage);

  return {
    /** Asks for the camera and microphone and shows the preview. */
    async start() {
      render();
      const opened = await openTracks({ audio: true, video: true });
      if (taken) {
        stopTrack(opened.audio);
        stopTrack(opened.video);
        return;
      }
      Object.assign(state, opened);
      restartMeter();
      render();
      await fillPickers();
    },

    /**
     * Hands the live tracks over (for the room) and stops the preview's own use of them:
     * {audio, video, micOn, cameraOn}. Tracks of a device that is turned off are null. micOn and
     * cameraOn say what the person wants and may have: a device that failed counts as off, one the
     * browser is still asking about counts as on (the room opens it then).
     */
    take() {
      taken = true;
      stopMeter();
      document.removeEventListener('conclave:language', onLanguage);
      preview.srcObject = null;
      return {
        audio: state.micOn ? state.audio : null,
        video: state.cameraOn ? state.video : null,
        micOn: state.micOn && !state.audioError,
        cameraOn: state.cameraOn && !state.videoError,
      };
    },

    /** The live camera track while the camera is on (for the waiting page's preview), else null. */
    camera() {
      return !taken && state.cameraOn ? state.video : null;
    },

    /** Stops everything (leaving before entering the room). */
    stop() {
      const { audio, video } = this.take();
      stopTrack(audio);
      stopTrack(video);
    },
  };
}
