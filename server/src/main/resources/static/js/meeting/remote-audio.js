/**
 * Remote voices: one hidden audio player per remote microphone, whatever page of the grid its owner
 * is on (the grid's videos are muted; sound comes only from here).
 */

/**
 * Makes `box` hold exactly one playing <audio> per microphone in `remote` (a Map of
 * `${participantId}:${source}` to {source, track}); players of tracks that are gone are removed.
 */
export function playRemoteAudio(box, remote) {
  const keep = new Set();
  for (const [key, entry] of remote) {
    if (entry.source !== 'microphone') {
      continue;
    }
    keep.add(key);
    let player = [...box.querySelectorAll('audio')].find((a) => a.dataset.key === key);
    if (!player) {
      player = document.createElement('audio');
      player.dataset.key = key;
      player.autoplay = true;
      box.append(player);
    }
    if (!player.srcObject || player.srcObject.getAudioTracks()[0] !== entry.track) {
      player.srcObject = new MediaStream([entry.track]);
      player.play().catch(() => {});
    }
  }
  for (const player of [...box.querySelectorAll('audio')]) {
    if (!keep.has(player.dataset.key)) {
      player.srcObject = null;
      player.remove();
    }
  }
}
