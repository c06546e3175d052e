/**
 * A progress bar on stderr, driven by planned time: each step says how long
 * it should take, and the bar moves with the clock inside a step. Without a
 * terminal (CI logs) it prints one line per step instead.
 */
const WIDTH = 28;

export class Progress {
  private done = 0;
  private current = { label: 'starting', plannedMs: 0, startedAt: performance.now() };
  private readonly startedAt = performance.now();
  private readonly timer: NodeJS.Timeout | null;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private readonly total: number) {
    this.timer = this.tty ? setInterval(() => this.draw(), 200) : null;
    this.timer?.unref();
  }

  /** Starts the next step; the previous one counts as done with its planned time. */
  step(label: string, plannedMs: number): void {
    this.done += this.current.plannedMs;
    this.current = { label, plannedMs, startedAt: performance.now() };
    if (this.tty) this.draw();
    else process.stderr.write(`canopy bench [${clock((performance.now() - this.startedAt) / 1000)}] ${label}\n`);
  }

  /** Clears the bar before the summary is printed. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.tty) process.stderr.write('\r\x1b[2K');
  }

  private draw(): void {
    const now = performance.now();
    const inStep = Math.min(now - this.current.startedAt, this.current.plannedMs);
    const fraction = Math.min(1, (this.done + inStep) / this.total);
    const filled = Math.round(fraction * WIDTH);
    const elapsed = (now - this.startedAt) / 1000;
    const left = fraction > 0.02 ? Math.max(0, elapsed / fraction - elapsed) : NaN;
    const eta = Number.isFinite(left) ? `~${clock(left)} left` : '';
    const line = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${clock(elapsed)} ${eta}  ${this.current.label}`;
    process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns || 100) - 1)}`);
  }
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
