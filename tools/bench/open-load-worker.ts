/** The worker thread of open-load-thread.ts: runs one open-loop load and posts its result. */
import { parentPort, workerData } from 'node:worker_threads';
import { runOpenLoad, type OpenLoadPlan } from './open-load.ts';

runOpenLoad(workerData as OpenLoadPlan).then((result) => parentPort!.postMessage(result));
