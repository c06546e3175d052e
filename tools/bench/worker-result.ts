import { Worker } from 'node:worker_threads';

/**
 * Runs `source` (a CommonJS script) on a fresh worker thread with
 * `workerData`, resolves with the first message it posts, rejects with its
 * uncaught error, or if it exits without posting; the thread is gone after.
 */
export async function workerResult<T>(source: string, workerData: unknown): Promise<T> {
  const worker = new Worker(source, { eval: true, workerData });
  try {
    return await new Promise<T>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`a worker thread exited (code ${code}) before its result`)));
    });
  } finally {
    await worker.terminate();
  }
}
