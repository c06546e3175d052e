import { parseArgs } from 'node:util';
import { selectedDjangoVersion, type DjangoVersion } from '../django-versions.ts';
import { EXTERNAL_MONOLITH_FLAGS, externalMonolithFrom, type ExternalMonolith } from '../external-monolith.ts';

/** What `npm start` was asked for, from its flags and the environment. */
export interface StackOptions {
  /** Start PostgreSQL from an empty cluster. */
  fresh: boolean;
  /** The reference monolith's Django (--django, CANOPY_DJANGO). */
  django: DjangoVersion;
  loadBalancerPort: number;
  /** Your monolith (--monolith-url, --monolith-database-url, --settings-export), run by you: no reference monolith, no embedded PostgreSQL. */
  external: ExternalMonolith | null;
}

/** Reads `npm start`'s flags; an unknown flag or Django version stops it with one line. */
export function readStackOptions(args: string[] = process.argv.slice(2)): StackOptions {
  const { values } = parseArgs({
    args,
    options: {
      fresh: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.PORT ?? '8080' },
      django: { type: 'string', default: process.env.CANOPY_DJANGO },
      ...EXTERNAL_MONOLITH_FLAGS,
    },
  });
  return { fresh: values.fresh, django: selectedDjangoVersion(values.django), loadBalancerPort: Number(values.port), external: externalMonolithFrom(values) };
}
