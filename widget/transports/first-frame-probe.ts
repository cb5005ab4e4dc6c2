/**
 * Calls back once a video track has a decoded frame. Agora's own `first-frame-decoded` fires
 * only when the SDK plays the track itself, and here the element's <video> plays it, so a
 * detached, muted video element watches for `loadeddata` instead.
 */
export function watchFirstFrame(track: MediaStreamTrack, onFrame: () => void): () => void {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    video.removeEventListener('loadeddata', onLoaded);
    video.pause();
    video.srcObject = null;
  };
  const onLoaded = () => {
    stop();
    onFrame();
  };
  video.addEventListener('loadeddata', onLoaded);
  video.srcObject = new MediaStream([track]);
  // Muted playback needs no user gesture; if it is refused anyway, the probe just never fires.
  video.play().catch(() => undefined);
  return stop;
}
