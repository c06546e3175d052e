/**
 * The differential fuzzer's short run in the integration suite (FUZZ_CASES_QUICK per route, 200
 * by default); the reliability suite runs the long one. See test/support/differential.ts.
 */
import { describeDifferentialFuzz } from '../support/differential.ts';

describeDifferentialFuzz('differential fuzz, short run', Number(process.env.FUZZ_CASES_QUICK ?? 200), 300_000);
