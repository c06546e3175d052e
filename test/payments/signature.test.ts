/**
 * The signature module against the monolith's own payments/signature.py, run by Debian's
 * python3 with its clock pinned: the same headers, bodies and secrets must give the same
 * outcome (valid, the 400 detail, or an exception, which Django answers with its 500 page).
 * Headers stay within latin-1, as gunicorn decodes them.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { verify } from '../../functions/payments-webhook/signature.ts';
import { MONOLITH_DIR } from '../../tools/stack/monolith.ts';
import { hmacHex } from './delivery.ts';

const NOW = 1_767_600_000;
const SECRET = 'whsec-test-ü';

interface Probe {
  header: string | null;
  body: string;
  secret: string;
}
type Outcome = 'valid' | 'raises' | string;

/** signature.verify() in Python for each probe, with time.time() pinned to NOW. */
function pythonOutcomes(probes: Probe[]): Outcome[] {
  const script = `
import json, sys
sys.path.insert(0, '.')
from payments import signature
signature.time.time = lambda: ${NOW}.25
out = []
for p in json.loads(sys.stdin.read()):
    try:
        signature.verify(p['header'], p['body'].encode('latin-1'), p['secret'], 300)
        out.append('valid')
    except signature.SignatureError as e:
        out.append(str(e))
    except Exception:
        out.append('raises')
print(json.dumps(out))
`;
  const run = spawnSync('/usr/bin/python3', ['-c', script], { cwd: MONOLITH_DIR, input: JSON.stringify(probes), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`signature.py failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Outcome[];
}

function tsOutcome(p: Probe): Outcome {
  try {
    return verify(p.header ?? undefined, Buffer.from(p.body, 'latin1'), p.secret, NOW + 0.25) ?? 'valid';
  } catch {
    return 'raises';
  }
}

const body = '{"id": "evt_1", "type": "payment.succeeded"}';
const good = (t: string | number, b = body) => hmacHex(Buffer.from(b, 'latin1'), t, SECRET);

const named: Array<[string, string | null, string?]> = [
  ['no header', null],
  ['valid', `t=${NOW},v1=${good(NOW)}`],
  ['valid, empty body', `t=${NOW},v1=${good(NOW, '')}`, ''],
  ['valid, non-UTF-8 body', `t=${NOW},v1=${good(NOW, '\xff\xfe')}`, '\xff\xfe'],
  ['v1 before t', `v1=${good(NOW)},t=${NOW}`],
  ['latin-1 whitespace around items', `\xa0t=${NOW}\x85,\x1cv1=${good(NOW)}\x1f`],
  ['whitespace inside an item', `t =${NOW},v1=${good(NOW)}`],
  ['whitespace after =', `t= ${NOW},v1=${good(NOW)}`],
  ['upper-case key', `T=${NOW},v1=${good(NOW)}`],
  ['= in the value', `t=${NOW},v1=${good(NOW)}=`],
  ['plus sign', `t=+${NOW},v1=${good(NOW)}`],
  ['underscore in t', `t=1_767_600_000,v1=${good(NOW)}`],
  ['superscripts', `t=\xb9\xb2\xb3,v1=${good(NOW)}`],
  ['4300 digits', `t=${'1'.repeat(4300)},v1=00`],
  ['4301 digits', `t=${'1'.repeat(4301)},v1=00`],
  ['309 digits signed', `t=${'9'.repeat(309)},v1=${good('9'.repeat(309))}`],
  ['308 digits signed', `t=${'1'.repeat(308)},v1=${good('1'.repeat(308))}`],
  ['just at the tolerance', `t=${NOW - 300},v1=${good(NOW - 300)}`],
  ['just past the tolerance', `t=${NOW - 301},v1=${good(NOW - 301)}`],
  ['future edge', `t=${NOW + 300},v1=${good(NOW + 300)}`],
  ['non-ASCII candidate', `t=${NOW},v1=${good(NOW).slice(0, 63)}\xe9`],
  ['truncated candidate', `t=${NOW},v1=${good(NOW).slice(0, 63)}`],
  ['only commas', ',,,'],
  ['empty t', `t=,v1=${good(NOW)}`],
];

/** A deterministic mix of header pieces, valid and not. */
function fuzzed(count: number): string[] {
  let seed = 42;
  const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const pieces = () => [
    `t=${NOW}`, `t=${NOW - 299}`, `t=${NOW + 1000}`, 't=0', 't=', 't=x1', `t=00${NOW}`, `t=${NOW}\xb2`,
    `v1=${good(NOW)}`, `v1=${good(NOW - 299)}`, `v1=${good(NOW + 1000)}`, 'v1=', 'v1=nope', `v1=${good(NOW).toUpperCase()}`,
    ' ', '', '=', 'v2=1', '\xa0t=1', `v1 =${good(NOW)}`,
  ];
  return Array.from({ length: count }, () => {
    const list = pieces();
    return Array.from({ length: 1 + next(4) }, () => list[next(list.length)]).join(next(3) ? ',' : ', ');
  });
}

describe('signature verification, compared with payments/signature.py', () => {
  const probes: Probe[] = [
    ...named.map(([, header, b]) => ({ header, body: b ?? body, secret: SECRET })),
    ...fuzzed(400).map((header) => ({ header, body, secret: SECRET })),
    { header: `t=${NOW},v1=${good(NOW)}`, body, secret: 'whsec-other' },
  ];
  const expected = pythonOutcomes(probes);

  it.each(named.map(([name], i) => [name, i] as const))('%s', (_name, i) => {
    expect(tsOutcome(probes[i]!)).toBe(expected[i]);
  });

  it('400 generated headers and a wrong secret give the same outcomes', () => {
    const rest = probes.slice(named.length);
    expect(rest.map(tsOutcome)).toEqual(expected.slice(named.length));
    // The mix reaches every outcome, so the comparison means something.
    expect(new Set(expected)).toEqual(
      new Set(['valid', 'raises', 'Missing or malformed signature header.', 'Invalid signature.', 'Signature timestamp outside tolerance.']),
    );
  });
});
