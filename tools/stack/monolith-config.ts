/**
 * The reference monolith's configurations (test/monolith/monolith/settings.py):
 * `default`, and `alternate` (monolith/alternate.py), which differs in every
 * exported setting a migrated route depends on. CANOPY_MONOLITH_CONFIG
 * selects one for the test world, the parity tooling and the local stack;
 * the monolith itself refuses any other value, and so does this, before
 * anything is started.
 */
export const MONOLITH_CONFIGS = ['default', 'alternate'] as const;
export type MonolithConfig = (typeof MONOLITH_CONFIGS)[number];

/** The configuration CANOPY_MONOLITH_CONFIG names (`default` when unset); one clear line when it names none. */
export function selectedMonolithConfig(value = process.env.CANOPY_MONOLITH_CONFIG): MonolithConfig {
  if (!value) return 'default';
  if ((MONOLITH_CONFIGS as readonly string[]).includes(value)) return value as MonolithConfig;
  throw new Error(`CANOPY_MONOLITH_CONFIG is '${value}': use ${MONOLITH_CONFIGS.join(' or ')} (or leave it unset)`);
}
