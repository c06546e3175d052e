import { describe, expect, it } from 'vitest';
import { TOOL_POOLS } from '../db-pools.ts';
import { budgetReport, rebalances } from './budget-report.ts';
import { extendedManifest, fn } from './test-manifests.ts';

// The example's figures: 200 in all, the monolith 60, reserved 10, tools 6, the relay 6.
const VARS = { max: 200, monolith: 60, reserved: 10, tools: TOOL_POOLS, relayPool: 2 };
// users alone: 5 x 10, twice = 100, so 182 of 200.
const base = extendedManifest([]).manifest;

describe('the connection budget report', () => {
  it('says what an added function costs and what is left', () => {
    const { manifest } = extendedManifest([fn('sites', { dbPoolSize: 2, maxInstances: 2 })]);
    const { lines, fits } = budgetReport(manifest, VARS, base);
    expect(fits).toBe(true);
    expect(lines).toContain('  functions 108 + relay 6 + tools 6 + monolith 60 + reserved 10 = 190, 10 to spare');
    expect(lines).toContain('    sites: 2 x 2 = 4 per revision, 8 during a deploy');
    expect(lines).toContain('  added: sites costs 8 connections during a deploy');
  });

  it('over budget, lists the single cuts that would make room, never a pool below 2', () => {
    const { manifest } = extendedManifest([fn('sites', { dbPoolSize: 2, maxInstances: 6 })]);
    const { lines, fits } = budgetReport(manifest, VARS, base);
    expect(fits).toBe(false);
    expect(lines).toContain('  added: sites costs 24 connections during a deploy');
    const cuts = lines.slice(lines.indexOf('  over by 6: make room with one of') + 1);
    expect(cuts).toEqual([
      '    users: dbPoolSize 5 -> 4 frees 20',
      '    users: maxInstances 10 -> 9 frees 10',
      '    or raise Cloud SQL\'s max_connections and db_max_connections to 206',
      '    or put a transaction pooler in front (db_pooling): N server connections per function role, 2 roles',
    ]);
    // sites' own cuts free 4 (one instance of a pool of 2) and nothing (its pool is already 2).
    expect(rebalances(manifest).filter((r) => r.fn === 'sites')).toEqual([{ fn: 'sites', field: 'maxInstances', from: 6, to: 5, frees: 4 }]);
  });

  it('warns of a pool of one, on which shadow dry runs queue', () => {
    const { manifest } = extendedManifest([fn('sites', { dbPoolSize: 1, maxInstances: 2 })]);
    expect(budgetReport(manifest, VARS, base).lines).toContain(
      '  warning: sites has a pool of 1: its shadow dry runs and parity recording queue on it (the latency gate fails); give it 2',
    );
  });

  it('behind a transaction pooler, counts a function as its role\'s server connections', () => {
    const { manifest } = extendedManifest([fn('sites', { dbPoolSize: 2, maxInstances: 40 })]);
    const { lines, fits } = budgetReport(manifest, { ...VARS, pooling: { mode: 'transaction', serverConnectionsPerRole: 10 } }, base);
    expect(fits).toBe(true);
    expect(lines).toContain('  functions 20 + relay 6 + tools 6 + monolith 60 + reserved 10 = 102, 98 to spare');
    expect(lines).toContain('  added: sites costs 10 connections during a deploy');
  });

  it('counts a streaming function\'s LISTEN connection per instance, as Terraform does, pooler or not', () => {
    const { manifest } = extendedManifest([fn('order-stream', { dbPoolSize: 3, maxInstances: 2, stream: { lifetimeSeconds: 600 } })]);
    const { lines } = budgetReport(manifest, VARS, base);
    expect(lines).toContain('    order-stream: (3 + 1 LISTEN) x 2 = 8 per revision, 16 during a deploy');
    expect(lines).toContain('  added: order-stream costs 16 connections during a deploy');
    expect(lines).toContain('  functions 116 + relay 6 + tools 6 + monolith 60 + reserved 10 = 198, 2 to spare');
    expect(rebalances(manifest).find((r) => r.fn === 'order-stream' && r.field === 'maxInstances')).toEqual({ fn: 'order-stream', field: 'maxInstances', from: 2, to: 1, frees: 8 });
    // Behind a pooler it keeps connecting directly (a LISTEN needs its own session).
    const pooled = budgetReport(manifest, { ...VARS, pooling: { mode: 'transaction', serverConnectionsPerRole: 10 } }, base).lines;
    expect(pooled).toContain('  added: order-stream costs 16 connections during a deploy');
    expect(pooled).toContain('  functions 26 + relay 6 + tools 6 + monolith 60 + reserved 10 = 108, 92 to spare');
  });
});
