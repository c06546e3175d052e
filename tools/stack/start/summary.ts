import { writeFileSync } from 'node:fs';
import type { Manifest } from '../../manifest.ts';
import { STACK_FILE } from '../state.ts';
import type { Edge } from './edge.ts';
import type { StackMonolith } from './monolith.ts';

/** Everything that runs, as `npm start` prints it and writes it to .canopy/stack.json. */
export interface StackSummary {
  edge: Edge;
  monolith: StackMonolith;
  functions: Record<string, string>;
  dispatchUrl: string;
  events: string | null;
  databaseUrl: string;
  manifest: Manifest;
}

/** Writes .canopy/stack.json (for tools and tests) and prints what runs where. */
export function announceStack(s: StackSummary): void {
  const stack = {
    loadBalancer: s.edge.url,
    monolith: s.monolith.url,
    functions: s.functions,
    dispatch: s.dispatchUrl,
    dashboard: `${s.edge.url}/_canopy/#token=${s.edge.dashboardToken}`,
    dashboardToken: s.edge.dashboardToken,
    docs: s.edge.docsUrl,
    testerKey: s.edge.testerKey,
    database: s.databaseUrl.replace(/:[^:@/]+@/, ':***@'),
    routes: s.manifest.routes.map((r) => ({ id: r.id, path: r.pathTemplate, function: r.function, stage: r.stage, weight: r.weight })),
  };
  // Readable by its owner only: it holds the database URL, the dashboard's token and the tester key.
  writeFileSync(STACK_FILE, `${JSON.stringify({ ...stack, database: s.databaseUrl }, null, 2)}\n`, { mode: 0o600 });
  console.log('\nCanopy local stack');
  console.log(`  load balancer   ${stack.loadBalancer}   (routes below; everything else -> monolith)`);
  console.log(`  dashboard       ${stack.dashboard}   (the link carries this run's token for the kill switch)`);
  console.log(`  API reference   ${stack.docs}   (OpenAPI 3.1: ${stack.docs}openapi.json)`);
  console.log(`  tester routing  header X-Canopy-Tester with the testerKey in ${STACK_FILE} (canary routes, any weight)`);
  console.log(`  monolith        ${s.monolith.summary}`);
  for (const [name, url] of Object.entries(s.functions)) console.log(`  ${name.padEnd(15)} ${url}`);
  console.log(`  dispatch stub   ${stack.dispatch}`);
  if (s.events) console.log(`  order events    ${s.events}`);
  console.log(`  postgres        ${stack.database}`);
  for (const r of stack.routes) console.log(`  route ${r.path.padEnd(22)} -> ${r.function} (${r.stage}, ${r.weight}/1000)`);
  console.log(`  state           ${STACK_FILE}\nCtrl-C stops everything.`);
}
