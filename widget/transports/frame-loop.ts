/**
 * Calls `frame` about `fps` times a second: on animation frames while the page is visible, on
 * a timer while it is hidden (browsers pause animation frames in background tabs, and the
 * avatar's stream and voice must keep going there).
 */
export class FrameLoop {
  private readonly minGapMs: number;
  private raf: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private lastFrame = -Infinity;

  constructor(
    private readonly frame: (now: number) => void,
    fps = 30,
  ) {
    this.minGapMs = 1000 / fps - 2;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    document.addEventListener('visibilitychange', this.reschedule);
    this.schedule();
  }

  stop(): void {
    this.running = false;
    document.removeEventListener('visibilitychange', this.reschedule);
    this.cancel();
  }

  private readonly tick = (): void => {
    this.raf = undefined;
    this.timer = undefined;
    if (!this.running) return;
    const now = performance.now();
    if (now - this.lastFrame >= this.minGapMs) {
      this.lastFrame = now;
      this.frame(now);
    }
    this.schedule();
  };

  private readonly reschedule = (): void => {
    this.cancel();
    if (this.running) this.schedule();
  };

  private schedule(): void {
    if (document.visibilityState === 'hidden') this.timer = setTimeout(this.tick, this.minGapMs + 2);
    else this.raf = requestAnimationFrame(this.tick);
  }

  private cancel(): void {
    if (this.raf !== undefined) cancelAnimationFrame(this.raf);
    clearTimeout(this.timer);
    this.raf = undefined;
    this.timer = undefined;
  }
}
