const WIDTH = 30;

/**
 * A count-driven progress bar on stderr. Without a terminal (CI logs) it
 * prints a line at every tenth instead of redrawing.
 */
export function progressBar(total: number, label: string): { tick(detail?: string): void; finish(): void } {
  const tty = Boolean(process.stderr.isTTY);
  const started = performance.now();
  let done = 0;
  let lastTenth = -1;
  const draw = (detail: string) => {
    const fraction = total ? done / total : 1;
    const seconds = (performance.now() - started) / 1000;
    const bar = `${'#'.repeat(Math.round(fraction * WIDTH))}${'.'.repeat(WIDTH - Math.round(fraction * WIDTH))}`;
    const line = `${label} [${bar}] ${done}/${total} ${seconds.toFixed(0)}s ${detail}`;
    if (tty) process.stderr.write(`\r\x1b[2K${line.slice(0, (process.stderr.columns || 100) - 1)}`);
    else if (Math.floor(fraction * 10) !== lastTenth) process.stderr.write(`${line}\n`);
    lastTenth = Math.floor(fraction * 10);
  };
  return {
    tick(detail = '') {
      done++;
      draw(detail);
    },
    finish() {
      if (tty) process.stderr.write('\r\x1b[2K');
    },
  };
}
