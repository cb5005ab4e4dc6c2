/**
 * Resolves with the time (performance.now()) the avatar's first video frame was shown on the page,
 * found from the outside: the element's <video> (in its open shadow root) once it has a frame.
 * Uses requestVideoFrameCallback where the browser has it, so the time is the frame's, not a poll's.
 */
export function watchFirstFrame(host: HTMLElement, signal: AbortSignal): Promise<number> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (time: number) => {
      signal.removeEventListener('abort', onAbort);
      resolve(time);
    };
    const poll = () => {
      if (signal.aborted) return;
      const video = findVideo(host);
      if (video && video.srcObject && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
        if ('requestVideoFrameCallback' in video) {
          // The frame is decoded; the callback tells when it is composited. Some browsers never
          // call it for a paused video, so the poll result stands in after a short wait.
          const fallback = setTimeout(() => done(performance.now()), 250);
          video.requestVideoFrameCallback((now) => {
            clearTimeout(fallback);
            done(now);
          });
        } else {
          done(performance.now());
        }
        return;
      }
      requestAnimationFrame(poll);
    };
    poll();
  });
}

function findVideo(host: HTMLElement): HTMLVideoElement | null {
  return host.shadowRoot?.querySelector('video') ?? host.querySelector('video');
}
