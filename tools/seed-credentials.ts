/**
 * The credentials `manage.py seed` gives the seeded users (test/monolith/accounts/management/commands/seed.py,
 * which seed-credentials.test.ts reads to keep these equal): what tests, the bench and parity traffic sign in with.
 */

/** Every seeded customer's password (mallory's is unusable); alice's is stored with PBKDF2's default iterations. */
export const SEED_PASSWORD = 'canopy-demo-1';

/** The seeded staff's password (admin, sam). */
export const SEED_ADMIN_PASSWORD = 'canopy-admin-1';

/** The seeded DRF tokens, by username. */
export const SEED_TOKENS = {
  alice: '35febdf6ec676c0033fb5af6e4101c8f10c6be72',
  bob: '07440d79f997f7590bd3aeca6c96d030c57d8714',
  admin: '4b9718712720cfc093884ba83f8f1db4eb6fffb1',
} as const;

export type SeededTokenUser = keyof typeof SEED_TOKENS;

/** The Authorization header of a seeded user's DRF token. */
export const tokenHeader = (user: SeededTokenUser) => ({ Authorization: `Token ${SEED_TOKENS[user]}` });
