import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The local stack's git-ignored state folder: PostgreSQL's data and stack.json. */
export const STATE_DIR = fileURLToPath(new URL('../../.canopy', import.meta.url));

/** Where `npm start` describes the running stack, for tools and tests (CANOPY_STACK_FILE: elsewhere, say for a second stack). */
export const STACK_FILE = process.env.CANOPY_STACK_FILE || join(STATE_DIR, 'stack.json');
