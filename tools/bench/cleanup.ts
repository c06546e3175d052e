/**
 * Everything the bench started, stopped in reverse order at the end, on an
 * error or on Ctrl-C, so no gunicorn, node or PostgreSQL process outlives it.
 */
const stack: Array<{ what: string; stop: () => Promise<void> }> = [];

/** Registers something to stop; returns a function that stops it now (and forgets it). */
export function onCleanup(what: string, stop: () => Promise<void>): () => Promise<void> {
  const entry = { what, stop };
  stack.push(entry);
  return async () => {
    const at = stack.indexOf(entry);
    if (at >= 0) stack.splice(at, 1);
    await stop();
  };
}

/** Stops everything still registered, newest first; a failure to stop one does not stop the rest. */
export async function cleanUp(): Promise<void> {
  while (stack.length) {
    const entry = stack.pop()!;
    await entry.stop().catch((error: Error) => console.error(`canopy bench: could not stop ${entry.what}: ${error.message}`));
  }
}
