import { describe, expect, it } from 'vitest';
import { runDjango } from '../../../oracle/django-python.ts';
import {
  HasherError,
  PASSWORD_HASHERS,
  identifyHasher,
  isPasswordUsable,
  makePassword,
  makeUnusablePassword,
  runDefaultHasher,
  verifyPassword,
} from './index.ts';

const PASSWORD = 'correct horse ✓';
const ALGORITHMS = PASSWORD_HASHERS.map((h) => h.algorithm);

// How the oracle makes each Django-side hash: today's make_password for every hasher, plus the
// older shapes still sitting in the monolith's auth_user table.
type Spec =
  | { kind: 'make'; algorithm: string; password: string }
  | { kind: 'pbkdf2'; algorithm: 'pbkdf2_sha256' | 'pbkdf2_sha1'; iterations: number; salt: string; password: string }
  | { kind: 'argon2'; type: 'I' | 'D' | 'ID'; version: 16 | 19; m: number; t: number; p: number; salt: string; dropVersion: boolean; password: string }
  | { kind: 'bcrypt'; algorithm: 'bcrypt_sha256' | 'bcrypt'; prefix: '2a' | '2b' | '2y'; rounds: number; password: string }
  | { kind: 'encode'; algorithm: 'sha1' | 'md5' | 'unsalted_sha1' | 'unsalted_md5'; salt: string; password: string };

const LONG = 'x'.repeat(73) + 'tail';
const SPECS: Spec[] = [
  ...ALGORITHMS.map((algorithm): Spec => ({ kind: 'make', algorithm, password: PASSWORD })),
  ...(['', 'ünïcode 😀 пароль', LONG] as const).flatMap((password): Spec[] => [
    { kind: 'make', algorithm: 'pbkdf2_sha256', password },
    { kind: 'bcrypt', algorithm: 'bcrypt', prefix: '2b', rounds: 4, password },
    { kind: 'bcrypt', algorithm: 'bcrypt_sha256', prefix: '2b', rounds: 4, password },
    { kind: 'encode', algorithm: 'md5', salt: 'abcde', password },
  ]),
  { kind: 'pbkdf2', algorithm: 'pbkdf2_sha256', iterations: 1000, salt: 'abcdefghijklmnopqrstuv', password: PASSWORD },
  { kind: 'pbkdf2', algorithm: 'pbkdf2_sha256', iterations: 260000, salt: 'shortsalt123', password: PASSWORD },
  { kind: 'pbkdf2', algorithm: 'pbkdf2_sha256', iterations: 300000, salt: 'abcdefghijklmnopqrstuv', password: PASSWORD },
  { kind: 'pbkdf2', algorithm: 'pbkdf2_sha256', iterations: 260000, salt: 'abcdefghijklmnopqrstu', password: PASSWORD },
  { kind: 'pbkdf2', algorithm: 'pbkdf2_sha1', iterations: 20000, salt: 'shortsalt123', password: PASSWORD },
  { kind: 'argon2', type: 'I', version: 19, m: 512, t: 2, p: 2, salt: 'shortsalt123', dropVersion: false, password: PASSWORD },
  { kind: 'argon2', type: 'I', version: 16, m: 8, t: 1, p: 1, salt: 'somesalt', dropVersion: true, password: PASSWORD },
  { kind: 'argon2', type: 'I', version: 16, m: 64, t: 1, p: 2, salt: 'somesalt', dropVersion: false, password: PASSWORD },
  { kind: 'argon2', type: 'D', version: 19, m: 64, t: 3, p: 1, salt: 'somesaltsomesalt', dropVersion: false, password: PASSWORD },
  { kind: 'argon2', type: 'ID', version: 19, m: 1024, t: 1, p: 4, salt: 'saltsaltsalt', dropVersion: false, password: '' },
  { kind: 'bcrypt', algorithm: 'bcrypt_sha256', prefix: '2a', rounds: 5, password: PASSWORD },
  { kind: 'bcrypt', algorithm: 'bcrypt', prefix: '2y', rounds: 4, password: PASSWORD },
  { kind: 'bcrypt', algorithm: 'bcrypt', prefix: '2a', rounds: 4, password: LONG },
  { kind: 'encode', algorithm: 'sha1', salt: 'a1b2c', password: PASSWORD },
  { kind: 'encode', algorithm: 'unsalted_sha1', salt: '', password: PASSWORD },
  { kind: 'encode', algorithm: 'unsalted_md5', salt: '', password: 'ünïcode' },
];

const B = 'abcdefghijklmnopqrstuu';
// Hand-written encodings: garbage, truncations, and shapes on which Django raises rather than answers.
const ODD_ENCODINGS = [
  '!',
  makeUnusablePassword(),
  '',
  'unknown$1$2',
  'pbkdf2_sha256$abc',
  'pbkdf2_sha256$x$salt$hash',
  'pbkdf2_sha256$260000$$hash',
  'pbkdf2_sha256$-5$salt$hash',
  'pbkdf2_sha256$0$abcdefghijklmnopqrstuv$hash',
  'pbkdf2_sha256$ +1_000 $abcdefghijklmnopqrstuv$hash',
  // int() reads any Unicode digit and strips str.isspace() whitespace, but not a BOM (JavaScript's \\s does).
  'pbkdf2_sha256$\uff11\uff10$abcdefghijklmnopqrstuv$hash',
  'pbkdf2_sha256$\u00a0\u0661\u0660$abcdefghijklmnopqrstuv$hash',
  'pbkdf2_sha256$\ufeff10$abcdefghijklmnopqrstuv$hash',
  'pbkdf2_sha1$1$$x',
  'md5$$abc',
  'md5$abc',
  'sha1$salt',
  `sha1$$${'0'.repeat(39)}`,
  `sha1$$${'a'.repeat(40)}`,
  'Z'.repeat(32),
  `md5$$${'0'.repeat(32)}`,
  'bcrypt$garbage',
  `bcrypt_sha256$$2b$03$${B}${'a'.repeat(31)}`,
  `bcrypt$$2x$04$${B}${'a'.repeat(31)}`,
  `bcrypt$$2b$04$abcdefghijklmnopqrstuv${'a'.repeat(31)}`,
  `bcrypt$$2b$04$${B.slice(0, 21)}`,
  'argon2',
  'argon2$argon2x$v=19$m=8,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2g',
  'argon2$argon2id$v=19$m=08,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2g',
  'argon2$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2g$',
  'argon2$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaGhhc2g',
  'argon2$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHR$aGFzaGhhc2g',
  'argon2$argon2id$v=18$m=8,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2g',
  'argon2$argon2id$v=19$m=8,t=0,p=1$c29tZXNhbHQ$aGFzaGhhc2g',
];

// pbkdf2_sha256, bcrypt_sha256 and plain bcrypt as make_password writes them.
const NUL_SPECS = [0, 3, 4];
const NUL_PASSWORD = 'nul\0byte';

interface Verdict {
  valid?: boolean;
  mustUpdate?: boolean;
  raises?: boolean;
}

async function tsVerdict(password: string, encoded: string): Promise<Verdict> {
  try {
    return await verifyPassword(password, encoded);
  } catch (error) {
    if (error instanceof HasherError) return { raises: true };
    throw error;
  }
}

const tsMade = await Promise.all(ALGORITHMS.map((algorithm) => makePassword(PASSWORD, algorithm)));
const tsUnusable = makeUnusablePassword();

interface Oracle {
  djHashes: string[];
  djVerdicts: Array<{ right: Verdict; wrong: Verdict }>;
  odd: Verdict[];
  nul: Verdict[];
  tsMade: Array<{ right: Verdict; wrong: Verdict; djMustUpdate: boolean }>;
  identified: Array<string | null>;
  usable: boolean[];
  unusable: { usable: boolean; verdict: Verdict };
}

const oracle = runDjango<Oracle>(
  `
  from django.contrib.auth.hashers import check_password, get_hasher, identify_hasher, is_password_usable
  from argon2.low_level import hash_secret, Type
  import bcrypt

  def django_hash(spec):
      kind, password = spec['kind'], spec['password']
      if kind == 'make':
          hasher = get_hasher(spec['algorithm'])
          return hasher.encode(password, hasher.salt())
      if kind == 'pbkdf2':
          return get_hasher(spec['algorithm']).encode(password, spec['salt'], spec['iterations'])
      if kind == 'argon2':
          encoded = hash_secret(password.encode(), spec['salt'].encode(), time_cost=spec['t'], memory_cost=spec['m'],
                                parallelism=spec['p'], hash_len=16, type=getattr(Type, spec['type']),
                                version=spec['version']).decode()
          return 'argon2' + (encoded.replace('$v=16', '') if spec['dropVersion'] else encoded)
      if kind == 'bcrypt':
          # gensalt() refuses to write 2y (PHP's name for 2b); pyca still reads it.
          salt = bcrypt.gensalt(spec['rounds']).replace(b'$2b$', b'$' + spec['prefix'].encode() + b'$')
          return get_hasher(spec['algorithm']).encode(password, salt)
      return get_hasher(spec['algorithm']).encode(password, spec['salt'])

  def verdict(password, encoded):
      updated = []
      try:
          valid = check_password(password, encoded, setter=updated.append)
      except Exception:
          return {'raises': True}
      return {'valid': valid, 'mustUpdate': bool(updated)}

  def both(password, encoded):
      return {'right': verdict(password, encoded), 'wrong': verdict(password + '!', encoded)}

  hashes = [django_hash(s) for s in INPUT['specs']]

  def algorithm(encoded):
      try:
          return identify_hasher(encoded).algorithm
      except ValueError:
          return None

  print(json.dumps({
      'djHashes': hashes,
      'djVerdicts': [both(s['password'], h) for s, h in zip(INPUT['specs'], hashes)],
      'odd': [verdict(INPUT['password'], e) for e in INPUT['odd']],
      'nul': [verdict(INPUT['nulPassword'], hashes[i]) for i in INPUT['nulSpecs']],
      'tsMade': [dict(both(INPUT['password'], e), djMustUpdate=get_hasher(a).must_update(e))
                 for a, e in zip(INPUT['algorithms'], INPUT['tsMade'])],
      'identified': [algorithm(e) for e in INPUT['identify']],
      'usable': [is_password_usable(e) for e in INPUT['usable']],
      'unusable': {'usable': is_password_usable(INPUT['unusable']), 'verdict': verdict('', INPUT['unusable'])},
  }))
  `,
  {
    specs: SPECS,
    password: PASSWORD,
    odd: ODD_ENCODINGS,
    nulSpecs: NUL_SPECS,
    nulPassword: NUL_PASSWORD,
    algorithms: ALGORITHMS,
    tsMade,
    identify: [...ODD_ENCODINGS, ...tsMade, 'default$x', 'PBKDF2_SHA256$1$a$b', `md5$$${'0'.repeat(31)}`],
    usable: ['!', '!abc', '', 'pbkdf2_sha256$1$a$b', ' !', null],
    unusable: tsUnusable,
  },
);

const djVerdicts = await Promise.all(
  SPECS.map(async (spec, i) => ({
    right: await tsVerdict(spec.password, oracle.djHashes[i]!),
    wrong: await tsVerdict(`${spec.password}!`, oracle.djHashes[i]!),
  })),
);

describe('verifyPassword on hashes Django made', () => {
  it.each(SPECS.map((spec, i) => [i, spec.kind, 'algorithm' in spec ? spec.algorithm : `argon2${spec.type.toLowerCase()}`] as const))(
    'spec %i (%s %s): same valid/mustUpdate as check_password, right and wrong password',
    (i) => {
      expect(djVerdicts[i]).toEqual(oracle.djVerdicts[i]);
    },
  );

  it('exercises acceptance, rejection and re-hashing', () => {
    const rights = oracle.djVerdicts.map((v) => v.right);
    expect(rights.every((v) => v.valid)).toBe(true);
    expect(rights.some((v) => v.mustUpdate)).toBe(true);
    expect(rights.some((v) => !v.mustUpdate)).toBe(true);
    // Plain bcrypt ignores everything past 72 bytes, so the "wrong" long password passes there.
    expect(oracle.djVerdicts.filter((v) => v.wrong.valid)).toHaveLength(2);
  });
});

describe('verifyPassword on odd encodings', () => {
  it.each(ODD_ENCODINGS.map((e, i) => [i, e] as const))('case %i (%s) matches check_password, raising included', async (i, encoded) => {
    expect(await tsVerdict(PASSWORD, encoded)).toEqual(oracle.odd[i]);
  });
});

describe('passwords containing NUL', () => {
  it('raise with plain bcrypt only, as in Django', async () => {
    const ours = await Promise.all(NUL_SPECS.map((i) => tsVerdict(NUL_PASSWORD, oracle.djHashes[i]!)));
    expect(ours).toEqual(oracle.nul);
    expect(oracle.nul.map((v) => v.raises ?? false)).toEqual([false, false, true]);
  });
});

describe('makePassword', () => {
  it.each(ALGORITHMS.map((a, i) => [i, a] as const))("hash %i (%s) passes Django's check_password", (i) => {
    const { right, wrong, djMustUpdate } = oracle.tsMade[i]!;
    expect(right.valid).toBe(true);
    expect(wrong.valid).toBe(false);
    // Written with the hasher's current parameters: that hasher itself would not ask for an update.
    expect(djMustUpdate).toBe(false);
    expect(right.mustUpdate).toBe(ALGORITHMS[i] !== 'pbkdf2_sha256');
  });

  it('verifies its own hashes like Django does', async () => {
    const verdicts = await Promise.all(
      tsMade.map(async (e) => ({ right: await tsVerdict(PASSWORD, e), wrong: await tsVerdict(`${PASSWORD}!`, e) })),
    );
    expect(verdicts).toEqual(oracle.tsMade.map(({ right, wrong }) => ({ right, wrong })));
  });

  it('defaults to pbkdf2_sha256, 260000 iterations, 22-char salt', async () => {
    expect(await makePassword(PASSWORD)).toMatch(/^pbkdf2_sha256\$260000\$[a-zA-Z0-9]{22}\$[A-Za-z0-9+/]{43}=$/);
    expect(tsMade[0]).toMatch(/^pbkdf2_sha256\$260000\$[a-zA-Z0-9]{22}\$[A-Za-z0-9+/]{43}=$/);
    expect(await makePassword(PASSWORD)).not.toBe(await makePassword(PASSWORD));
  });
});

describe('identifyHasher / isPasswordUsable / makeUnusablePassword', () => {
  it('identifies the same hasher as identify_hasher', () => {
    const encodings = [...ODD_ENCODINGS, ...tsMade, 'default$x', 'PBKDF2_SHA256$1$a$b', `md5$$${'0'.repeat(31)}`];
    const ours = encodings.map((e) => identifyHasher(e)?.algorithm ?? null);
    // Django resolves the literal prefix 'default' to the default hasher (and then raises in its decode).
    expect(ours.map((a, i) => (encodings[i] === 'default$x' ? 'pbkdf2_sha256' : a))).toEqual(oracle.identified);
  });

  it('agrees with is_password_usable', () => {
    expect(['!', '!abc', '', 'pbkdf2_sha256$1$a$b', ' !', null].map(isPasswordUsable)).toEqual(oracle.usable);
  });

  it('makes unusable passwords Django treats as unusable', () => {
    expect(tsUnusable).toMatch(/^![a-zA-Z0-9]{40}$/);
    expect(oracle.unusable).toEqual({ usable: false, verdict: { valid: false, mustUpdate: false } });
  });
});
