type Severity = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

function write(severity: Severity, message: string, fields: Record<string, unknown>): void {
  // One JSON object per line is what Cloud Logging parses into a structured entry.
  process.stdout.write(`${JSON.stringify({ severity, message, ...fields })}\n`);
}

/** The one logger: structured JSON lines for Cloud Logging. */
export const log = {
  info: (message: string, fields: Record<string, unknown> = {}) => write('INFO', message, fields),
  warning: (message: string, fields: Record<string, unknown> = {}) => write('WARNING', message, fields),
  error: (message: string, fields: Record<string, unknown> = {}) => write('ERROR', message, fields),
};
