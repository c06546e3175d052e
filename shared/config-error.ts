/** Raised for operator mistakes: its message is one line that says what to do. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
