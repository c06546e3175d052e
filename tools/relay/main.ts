/**
 * `npm run relay`: the outbox relay (relay/, its own Cloud Run service in
 * production) run from source, for development. `npm run relay -- redrive`
 * puts events the HTTP fallback dead-lettered back in line.
 */
import { connect } from '../../shared/db.ts';
import { loadRelayConfig } from '../../relay/config.ts';
import { redriveDeadLetters } from '../../relay/outbox.ts';

async function redrive(): Promise<void> {
  const config = loadRelayConfig();
  const sql = connect({ url: config.databaseUrl, poolSize: 1, connectTimeoutSeconds: 5, statementTimeoutMs: 30_000 });
  console.log(`redriven: ${await redriveDeadLetters(sql)} dead-lettered event(s) are pending again`);
  await sql.end();
}

const command = process.argv[2];
if (command === undefined) await import('../../relay/main.ts');
else if (command === 'redrive') {
  await redrive().catch((error: Error) => {
    console.error(`canopy relay: ${error.message}`);
    process.exit(1);
  });
} else {
  console.error(`canopy relay: unknown command "${command}": run it without one (the relay), or with redrive`);
  process.exit(1);
}
