/**
 * The container's minimal entrypoint: serves the handler a function bundle
 * exports under the function's name (FUNCTION_TARGET) on a plain node:http
 * server, logs where its start-up time went, and drains in-flight requests on
 * SIGTERM (Cloud Run sends it before stopping an instance; the framework's own
 * server exits at once). Built as CommonJS beside the bundle: Node starts a
 * CommonJS entry about 5 ms sooner than an ES module, and only a script can be
 * given V8's code cache on Node 20 (shared/code-cache.ts).
 * `node main.js --write-code-cache` evaluates the bundle and writes that cache.
 */
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { loadBundle, writeCodeCache, type LoadedBundle } from './code-cache.ts';
import type { FunctionHandler } from './function.ts';

// Milliseconds since the process started (Node's time origin): how long Node took to reach this module.
const bootMs = performance.now();
const DRAIN_TIMEOUT_MS = Number(process.env.DRAIN_TIMEOUT_MS ?? 8000);
const bundlePath = join(dirname(process.argv[1]!), 'index.js');

if (process.argv.includes('--write-code-cache')) {
  writeCodeCache(load());
  // At once: evaluating the bundle began its start-up, which must not go on (or fail) here.
  process.exit(0);
} else {
  void serve();
}

async function serve(): Promise<void> {
  const target = process.env.FUNCTION_TARGET;
  if (!target) fail('FUNCTION_TARGET is not set: name the function to serve, e.g. FUNCTION_TARGET=users');
  const importing = performance.now();
  const bundle = load();
  const importMs = performance.now() - importing;
  const handler = bundle.exports[target] as FunctionHandler | undefined;
  if (typeof handler !== 'function') fail(`this bundle has no function "${target}"`);
  await handler.ready.catch(failWith);

  let inFlight = 0;
  let draining = false;
  const server = createServer((req, res) => {
    inFlight++;
    res.on('close', () => {
      inFlight--;
      if (draining && inFlight === 0) process.exit(0);
    });
    if (draining) res.setHeader('Connection', 'close');
    void handler(req, res);
  });
  server.keepAliveTimeout = 620_000; // longer than Google's load balancer keeps idle connections (600 s)
  const port = Number(process.env.PORT ?? 8080);
  server.on('error', (error: NodeJS.ErrnoException) =>
    fail(error.code === 'EADDRINUSE' ? `port ${port} is in use: set PORT to a free port` : String(error)),
  );
  const listening = performance.now();
  // The cold start's phases, in one log line: where an instance's start-up time goes.
  server.listen(port, () => {
    const phases = { bootMs, importMs, ...handler.startup, listenMs: performance.now() - listening };
    const startup = Object.fromEntries(Object.entries(phases).map(([phase, ms]) => [phase, Math.round(ms * 10) / 10]));
    console.log(JSON.stringify({ severity: 'INFO', message: `${target} listening on ${port}`, startup, codeCache: bundle.codeCache }));
  });

  process.on('SIGTERM', () => {
    draining = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    if (inFlight === 0) process.exit(0);
    setTimeout(() => process.exit(0), DRAIN_TIMEOUT_MS).unref();
  });
}

function load(): LoadedBundle {
  try {
    return loadBundle(bundlePath);
  } catch (error) {
    failWith(error);
  }
}

/** An operator's mistake is its one line; anything else as it was thrown. */
function failWith(error: unknown): never {
  // Compared by name: the bundle carries its own copy of the class.
  fail((error as Error).name === 'ConfigError' ? (error as Error).message : String(error));
}

function fail(message: string): never {
  console.error(`canopy: ${message}`);
  process.exit(1);
}
