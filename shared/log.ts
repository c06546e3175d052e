type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

// Lines go out together once per turn of the event loop: a write to a pipe is a system call each, and
// under load one call then carries many requests' lines (measured: about 6 % of a busy function's CPU
// went to writing them one by one). No line waits past the current turn; exiting writes what is left.
let batch = '';
function flush(): void {
  const lines = batch;
  batch = '';
  process.stdout.write(lines);
}
process.on('exit', () => batch && flush());

function write(severity: Severity, message: string, fields: Record<string, unknown>): void {
  if (!batch) setImmediate(flush);
  // One JSON object per line is what Cloud Logging parses into a structured entry.
  batch += `${JSON.stringify({ severity, message, ...fields })}\n`;
}

/** The one logger: structured JSON lines for Cloud Logging. */
export const log = {
  info: (message: string, fields: Record<string, unknown> = {}) => write('INFO', message, fields),
  warning: (message: string, fields: Record<string, unknown> = {}) => write('WARNING', message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => write('ERROR', message, fields),
};
