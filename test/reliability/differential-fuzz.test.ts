/**
 * Every migrated route and method, fuzzed differentially: the same generated request to Django and,
 * through the load balancer, to the function, on two copies of the seeded database (writes
 * included); 100 % of the answers must be identical. FUZZ_CASES sets the cases per route (README,
 * "Differential fuzzing", for the default and the figures); FUZZ_SEED=<seed> FUZZ_PATH=<path> replays.
 */
import { describeDifferentialFuzz } from '../support/differential.ts';

const CASES = Number(process.env.FUZZ_CASES ?? 400);

// About 30 generated requests a second on this machine: 5,000 per route is a local run.
describeDifferentialFuzz('differential fuzz: the function answers every generated request as Django does', CASES, Math.max(600_000, CASES * 200));
