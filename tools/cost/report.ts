/**
 * The cost report drawn from a bench's measured loads: per route, dollars per
 * million requests on the monolith and on the function under both billing
 * modes; per function, the break-even rate and the recommended mode; and the
 * goal, judged under the function's recommended mode against the monolith's
 * cheaper one.
 */
import { billingOf, type BillingMode, type Manifest } from '../manifest.ts';
import { BILLING_MODES, breakEvenRate, cheaperMode, combineProfiles, perMillion, type LoadProfile } from './billing-modes.ts';
import type { RouteLoad } from './from-bench.ts';
import type { Prices } from './model.ts';

/** The goal: the function costs at least 60 % less per request than the monolith on the same route. */
export const GOAL_SAVING = 0.6;

export type ByMode = Record<BillingMode, number>;

export interface RouteCost {
  route: string;
  title: string;
  fn: string;
  rate: number;
  /** Dollars per million requests at the route's rate. */
  monolith: ByMode;
  function: ByMode;
  /** The function's recommended mode (its function's, over all its measured routes). */
  mode: BillingMode;
  monolithMode: BillingMode;
  saving: number;
  meetsGoal: boolean;
}

export interface FunctionBilling {
  fn: string;
  /** Requests per second over its measured routes; null when the bench measured none. */
  rate: number | null;
  /** Above this rate instance-based billing costs less; null when request-based is cheaper at any rate (or unmeasured). */
  breakEven: number | null;
  recommended: BillingMode | null;
  manifest: BillingMode;
  /** What Terraform deploys: the manifest field, or instance while a route is in shadow. */
  deployed: { mode: BillingMode; forcedBy: string | null };
}

const byMode = (profile: LoadProfile, rate: number, prices: Prices): ByMode =>
  Object.fromEntries(BILLING_MODES.map((mode) => [mode, perMillion(profile, rate, mode, prices)])) as ByMode;

export function costReport(loads: RouteLoad[], manifest: Manifest, prices: Prices): { functions: FunctionBilling[]; routes: RouteCost[] } {
  const functions = Object.keys(manifest.functions).map((fn): FunctionBilling => {
    const measured = loads.filter((l) => l.fn === fn);
    const base = { fn, manifest: manifest.functions[fn]!.billing, deployed: billingOf(manifest, fn) };
    if (measured.length === 0) return { ...base, rate: null, breakEven: null, recommended: null };
    const combined = combineProfiles(measured.map((l) => ({ profile: l.function, rate: l.rate })));
    return { ...base, rate: combined.rate, breakEven: breakEvenRate(combined.profile, prices), recommended: cheaperMode(combined.profile, combined.rate, prices) };
  });
  const routes = loads.map((l): RouteCost => {
    const monolith = byMode(l.monolith, l.rate, prices);
    const fn = byMode(l.function, l.rate, prices);
    const mode = functions.find((f) => f.fn === l.fn)!.recommended!;
    const monolithMode: BillingMode = monolith.instance < monolith.request ? 'instance' : 'request';
    const saving = 1 - fn[mode] / monolith[monolithMode];
    return { route: l.route, title: l.title, fn: l.fn, rate: l.rate, monolith, function: fn, mode, monolithMode, saving, meetsGoal: saving >= GOAL_SAVING };
  });
  return { functions, routes };
}
