import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The local stack's git-ignored state folder: PostgreSQL's data and stack.json. */
export const STATE_DIR = fileURLToPath(new URL('../../.canopy', import.meta.url));

/** Where `npm start` describes the running stack, for tools and tests. */
export const STACK_FILE = join(STATE_DIR, 'stack.json');
