import { describe, expect, it } from 'vitest';
import { b64, runDrfBatch, seededRandom, sortDicts, toTyped, type Typed } from '../../oracle/drf-python.ts';
import { ApiError } from '../http/errors.ts';
import { parseDjangoPost, parseRequestData, type RequestBody } from './parsers.ts';

// Every case goes through a real DRF APIView (the monolith's parsers) behind Django's WSGIHandler,
// so errors come back as the client sees them: status, Content-Type and body bytes.
const ORACLE = `
import io, sys, types
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView

class Echo(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request):
        payload = {'data': typed(request.data), 'files': typed(request.FILES)}
        return HttpResponse(json.dumps(payload), content_type='application/json')

    put = patch = delete = post

urls = types.ModuleType('canopy_parser_urls')
urls.urlpatterns = [path('echo/', Echo.as_view())]
sys.modules['canopy_parser_urls'] = urls
handler = WSGIHandler()

def environ(case):
    env = {'REQUEST_METHOD': case['method'], 'PATH_INFO': '/echo/', 'SCRIPT_NAME': '', 'SERVER_NAME': 'testserver',
           'SERVER_PORT': '80', 'SERVER_PROTOCOL': 'HTTP/1.1', 'wsgi.url_scheme': 'http',
           'wsgi.input': io.BytesIO(b64(case['body'])), 'wsgi.errors': sys.stderr}
    if case.get('content_type') is not None:
        env['CONTENT_TYPE'] = case['content_type']
    if case.get('content_length') is not None:
        env['CONTENT_LENGTH'] = case['content_length']
    return env

def handle(case):
    if case['mode'] == 'django_post':
        try:
            return {'post': typed(WSGIRequest(environ(case)).POST)}
        except (MultiPartParserError, SuspiciousOperation):
            return {'status': 400}
        except Exception as exc:
            return {'status': 500, 'error': type(exc).__name__}
    started = {}
    def start_response(status, headers):
        started['status'] = int(status.split()[0])
        started['content_type'] = dict(headers).get('Content-Type')
    body = b''.join(handler(environ(case), start_response))
    if started['status'] == 200:
        return json.loads(body)
    return {'status': started['status'], 'content_type': started['content_type'], 'body': body.decode('utf-8')}
`;

type Case = {
  mode: 'drf' | 'django_post';
  method: string;
  content_type: string | null;
  content_length: string | null;
  body: string;
};
type Answer =
  | { data: Typed; files: Typed }
  | { post: Typed }
  | { status: number; content_type?: string | null; body?: string; error?: string };

const enc = (text: string) => Buffer.from(text, 'utf8');
const random = seededRandom(314);

function request(c: Case): RequestBody {
  const headers: Record<string, string | undefined> = {};
  if (c.content_type !== null) headers['content-type'] = c.content_type;
  if (c.content_length !== null) headers['content-length'] = c.content_length;
  return { method: c.method, headers, body: Buffer.from(c.body, 'base64') };
}

const drf = (contentType: string | null, body: Buffer, extra: Partial<Case> = {}): Case => ({
  mode: 'drf',
  method: 'POST',
  content_type: contentType,
  content_length: String(body.length),
  body: b64(body),
  ...extra,
});

// --- Content-Type negotiation, lengths and charsets ---------------------------------------------

const CONTENT_TYPES = [null, '', 'application/json', 'APPLICATION/JSON', 'application/json; charset=utf-8',
  'application/json;charset=UTF8', 'application/json; charset=latin-1', 'application/json; charset="ascii"',
  'application/json; charset=utf8mb4', 'application/json; charset=', 'application/json ; charset = latin1 ; q=0.5',
  ' application/json', 'application/json;', '*/*', '*/*; charset=utf-8', 'application/*', '*/json', '*', '/', ';',
  'text/json', 'text/plain', 'text/plain; charset=utf-8', 'application/jsonx', 'application', 'json',
  'application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=latin-1', 'Application/X-WWW-Form-Urlencoded',
  '*/x-www-form-urlencoded', 'multipart/form-data', 'multipart/form-data; boundary=b', 'multipart/form-data; boundary=',
  'multipart/form-data; boundary="b"', "multipart/form-data; boundary*=utf-8''b", 'Multipart/Form-Data; boundary=b',
  'multipart/*', '*/form-data', 'multipart/mixed; boundary=b', 'multipart/form-data; boundary=' + 'x'.repeat(201),
  'multipart/form-data; boundary="a b "', 'multipart/form-data; boundary=é', 'text/plain; charset=é', 'é/json',
  'application/json; é=1', 'application/json; charset*=utf-8\'\'utf%2D8', "application/json; x*=nope''%41"];
const BODIES = ['', '{"a": 1}', '[1, 2.5, "x"]', 'a=1&b=2&a=3', '{"a":', '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n'];
const negotiation: Case[] = CONTENT_TYPES.flatMap((type) => BODIES.map((body) => drf(type, enc(body))));
const lengths: Case[] = [
  drf('application/json', enc('{"a": 1}'), { content_length: null }),
  drf('application/json', enc('{"a": 1}'), { content_length: '0' }),
  drf('application/json', enc('{"a": 1}'), { content_length: '3' }),
  drf('application/json', enc('{"a": 1}'), { content_length: ' 8 ' }),
  drf('application/x-www-form-urlencoded', enc('a=1'), { content_length: null }),
  drf('multipart/form-data', enc(''), { content_length: '0' }),
  drf(null, enc(''), { content_length: '0' }),
  drf('application/json', enc('{"a": 1}'), { method: 'PUT' }),
  drf('application/json', enc('{"a": 1}'), { method: 'PATCH' }),
  drf('application/x-www-form-urlencoded', enc('a=1'), { method: 'DELETE' }),
];

// --- url-encoded forms ---------------------------------------------------------------------------

const FORM_PIECES = ['a', 'b', 'key', '=', '=', '&', '&', '&&', '+', '%', '%2', '%zz', '%41', '%2B', '%26', '%3D', '%C3%A9',
  '%E9', '%ED%A0%80', '%F0%9F%98%80', '%F0%9F', '%C3', '%c3%a9', 'é', '😀', '\u00a0', ';', ' ', '\n', '%00', '\u0000'];
const formBody = () => {
  const text = Array.from({ length: 1 + random.int(10) }, () => random.pick(FORM_PIECES)).join('');
  // Sometimes a raw byte UTF-8 cannot decode, so the whole body falls back to latin-1.
  return random.int(5) === 0 ? Buffer.concat([enc(text), Buffer.from([0xe9, 0xff])]) : enc(text);
};
const FORM_TYPES = ['application/x-www-form-urlencoded', 'application/x-www-form-urlencoded; charset=iso-8859-1', 'application/x-www-form-urlencoded; charset=us-ascii'];
const forms: Case[] = [
  ...Array.from({ length: 400 }, () => drf(random.pick(FORM_TYPES), formBody())),
  drf(FORM_TYPES[0]!, enc(Array.from({ length: 1000 }, (_, i) => `f${i}=${i}`).join('&'))),
  drf(FORM_TYPES[0]!, enc(Array.from({ length: 1001 }, (_, i) => `f${i}=${i}`).join('&'))),
  drf(FORM_TYPES[0]!, enc('&'.repeat(999))),
  drf(FORM_TYPES[0]!, enc('&'.repeat(1000))),
  drf(FORM_TYPES[0]!, enc(`username=a&password=${'x'.repeat(2_700_000)}`)),
];

// --- multipart -----------------------------------------------------------------------------------

type PartSpec = { headers: string[]; body: Buffer };
const multipartBody = (boundary: string, parts: PartSpec[], { preamble = '', epilogue = '\r\n', close = true } = {}) =>
  Buffer.concat([
    enc(preamble),
    ...parts.flatMap((part) => [enc(`--${boundary}\r\n${part.headers.join('\r\n')}\r\n\r\n`), part.body, enc('\r\n')]),
    enc(close ? `--${boundary}--${epilogue}` : ''),
  ]);
const field = (name: string, value: string | Buffer, extra: string[] = []): PartSpec => ({
  headers: [`Content-Disposition: form-data; name="${name}"`, ...extra],
  body: typeof value === 'string' ? enc(value) : value,
});
const file = (name: string, filename: string, content: Buffer, extra: string[] = ['Content-Type: text/plain']): PartSpec => ({
  headers: [`Content-Disposition: form-data; name="${name}"; filename="${filename}"`, ...extra],
  body: content,
});
const MP = (boundary = 'XyZ') => `multipart/form-data; boundary=${boundary}`;
const bigBytes = (n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919) % 256));

const multipartFixed: Case[] = [
  drf(MP(), multipartBody('XyZ', [field('username', 'alice'), field('password', ' pässwörd ')])),
  drf(MP(), multipartBody('XyZ', [field('a', '1'), field('a', '2'), field('b', '')])),
  drf(MP('"quoted; b"'), multipartBody('quoted; b', [field('a', '1')])),
  drf(`${MP()}; charset=latin-1`, multipartBody('XyZ', [field('é', Buffer.from([0xe9]))])),
  drf(`${MP()}; charset=ascii`, multipartBody('XyZ', [field('é', Buffer.from([0xe9]))])),
  drf(MP(), multipartBody('XyZ', [field('a', Buffer.from([0xff, 0xc3]))])),
  drf(MP(), multipartBody('XyZ', [field('  spaced  ', 'v')])),
  drf(MP(), multipartBody('XyZ', [field('a\\"b', 'v'), field('c\\\\d', 'v')])),
  drf(MP(), multipartBody('XyZ', [{ headers: ["Content-Disposition: form-data; name*=utf-8''%C3%A9t%C3%A9"], body: enc('summer') }])),
  drf(MP(), multipartBody('XyZ', [{ headers: ["Content-Disposition: form-data; name*=latin-1''%E9"], body: enc('v') }])),
  drf(MP(), multipartBody('XyZ', [{ headers: ["Content-Disposition: form-data; name*=nope''%E9"], body: enc('v') }])),
  drf(MP(), multipartBody('XyZ', [{ headers: ['Content-Disposition: form-data'], body: enc('nameless') }, field('a', '1')])),
  drf(MP(), multipartBody('XyZ', [{ headers: ['X-Other: 1'], body: enc('raw') }, field('a', '1')])),
  drf(MP(), multipartBody('XyZ', [{ headers: ['content-disposition : form-data; name="a"'], body: enc('1') }])),
  drf(MP(), multipartBody('XyZ', [{ headers: ['CONTENT-DISPOSITION: FORM-DATA; NAME="Up"'], body: enc('1') }])),
  drf(MP(), multipartBody('XyZ', [field('a', enc('aGVsbG8gd29ybGQ='), ['Content-Transfer-Encoding: base64'])])),
  drf(MP(), multipartBody('XyZ', [field('a', enc('aGVsbG8'), ['Content-Transfer-Encoding: base64'])])),
  drf(MP(), multipartBody('XyZ', [field('a', enc('!!aGV sbG8=\n'), ['Content-Transfer-Encoding:  BASE64 '])])),
  drf(MP(), multipartBody('XyZ', [file('f', 'notes.txt', enc('hello\r\nworld')), field('a', '1')])),
  drf(MP(), multipartBody('XyZ', [file('f', 'a.txt', enc('one')), file('f', 'b.txt', enc('two'))])),
  drf(MP(), multipartBody('XyZ', [field('f', 'text'), file('f', 'c.txt', enc('file'))])),
  drf(MP(), multipartBody('XyZ', [file('f', '../../etc/passwd', enc('x')), file('g', 'C:\\dir\\x.txt', enc('y'))])),
  drf(MP(), multipartBody('XyZ', [file('f', '..', enc('x')), field('a', '1')])),
  drf(MP(), multipartBody('XyZ', [file('f', 'a&amp;b&lt;&#233;&#x1F600;&#0;&#128;&quot&gtx&#1;&#xFFFE;.txt', enc('x')), field('z', '1')])),
  drf(MP(), multipartBody('XyZ', [file('f', `${'n'.repeat(300)}.txt`, enc('x')), field('z', '1')])),
  drf(MP(), multipartBody('XyZ', [file('f', 'x.txt', enc('aGk='), ['Content-Transfer-Encoding: base64', 'Content-Type: text/plain; charset=latin-1'])])),
  drf(MP(), multipartBody('XyZ', [file('f', 'x.txt', enc('aGk'), ['Content-Transfer-Encoding: base64']), field('z', '1')])),
  drf(MP(), multipartBody('XyZ', [file('f', 'x.txt', enc('A==='), ['Content-Transfer-Encoding: base64']), field('z', '1')])),
  drf(MP(), multipartBody('XyZ', [file('f', 'last.txt', enc('no next part'))], { close: false })),
  drf(MP(), multipartBody('XyZ', [field('a', '1')], { preamble: 'preamble text\r\n', epilogue: '\r\nepilogue' })),
  drf(MP(), multipartBody('XyZ', [field('a', 'contains --XyZ inside')])),
  drf(MP(), multipartBody('XyZ', [field('a', '1')], { close: false })),
  drf(MP(), enc('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nno closing')),
  drf(MP(), enc('--XyZ\nContent-Disposition: form-data; name="a"\n\nlf only\n--XyZ--')),
  drf(MP(), enc('no boundary at all')),
  drf(MP(), enc('--XyZ--')),
  drf(MP(), multipartBody('XyZ', [{ headers: [`Content-Disposition: form-data; name="a"; x="${'y'.repeat(1100)}"`], body: enc('v') }, field('b', '2')])),
  drf(MP(), multipartBody('XyZ', [field('big', bigBytes(200_000).toString('latin1')), field('after', 'ok')])),
  drf(MP(), multipartBody('XyZ', [file('f', 'big.bin', bigBytes(150_000)), field('after', 'ok')])),
  drf(MP(), multipartBody('XyZ', [{ headers: ['Content-Disposition: form-data'], body: bigBytes(5000) }, field('after', 'ok')])),
  drf(MP(), multipartBody('XyZ', [field('big', 'x'.repeat(2_621_440))])),
  drf(MP(), multipartBody('XyZ', [field('big', 'x'.repeat(2_621_000)), field('more', 'x'.repeat(1000))])),
  drf(MP(), multipartBody('XyZ', [file('f', 'big.bin', bigBytes(2_700_000)), field('after', 'ok')])),
  drf(MP(), multipartBody('XyZ', Array.from({ length: 1000 }, (_, i) => field(`f${i}`, `${i}`)))),
  drf(MP(), multipartBody('XyZ', Array.from({ length: 1001 }, (_, i) => field(`f${i}`, `${i}`)))),
  drf(MP(), multipartBody('XyZ', Array.from({ length: 100 }, (_, i) => file('f', `${i}.txt`, enc('x'))))),
  drf(MP(), multipartBody('XyZ', Array.from({ length: 101 }, (_, i) => file('f', `${i}.txt`, enc('x'))))),
  drf(MP(), Buffer.concat(Array.from({ length: 60 }, () => enc('--XyZ\r\n\r\n')))),
  drf(MP(), Buffer.concat(Array.from({ length: 60 }, () => enc('--XyZ\r\nContent-Disposition: form-data; name="n"\r\n\r\nv\r\n')))),
];

// Random edits of valid multipart bodies: bytes dropped, duplicated, CRLFs removed, boundaries cut.
function mutatedMultipart(count: number): Case[] {
  const edits = [enc('\r\n'), enc('--'), enc('--XyZ'), enc('\r\n\r\n'), enc('"'), enc(';'), enc('='), Buffer.from([0xff]),
    enc('Content-Disposition: form-data; name="x"'), enc('filename="f"'), enc('\n'), enc('é')];
  return Array.from({ length: count }, () => {
    let body = multipartBody('XyZ', [
      field(random.pick(['a', 'b', 'é']), random.pick(['1', '', 'two words', 'ü'])),
      random.int(2) ? file('f', random.pick(['x.txt', 'y', '.']), enc('data')) : field('c', '3'),
    ]);
    for (let n = 1 + random.int(3); n > 0; n--) {
      const at = random.int(body.length + 1);
      const roll = random.int(3);
      if (roll === 0) body = Buffer.concat([body.subarray(0, at), body.subarray(at + 1 + random.int(4))]);
      else body = Buffer.concat([body.subarray(0, at), random.pick(edits), body.subarray(roll === 1 ? at : at + 1)]);
    }
    return drf(MP(), body);
  });
}

// --- Django's own request.POST (csrf_protect views) ----------------------------------------------

const djangoPost: Case[] = [...forms.slice(0, 60), ...multipartFixed, ...negotiation.filter((c) => c.body !== '')].map(
  (c) => ({ ...c, mode: 'django_post' }) as Case,
);
djangoPost.push(
  { ...drf(FORM_TYPES[0]!, enc('a=1')), mode: 'django_post', method: 'PUT' },
  { ...drf(MP(), enc('')), mode: 'django_post', content_length: '0' },
  { ...drf('multipart/form-data', enc('')), mode: 'django_post', content_length: '0' },
  { ...drf(FORM_TYPES[0]!, enc(`a=${'x'.repeat(2_621_439)}`)), mode: 'django_post' },
  { ...drf(FORM_TYPES[0]!, enc(`a=${'x'.repeat(2_621_438)}`)), mode: 'django_post' },
);

const cases = [...negotiation, ...lengths, ...forms, ...multipartFixed, ...mutatedMultipart(300), ...djangoPost];
// charset=utf-16 and other charsets Python has beyond utf-8/latin-1/ascii are not mirrored (415 here).
const oracle = runDrfBatch<Answer>(ORACLE, cases, { ROOT_URLCONF: 'canopy_parser_urls' });

/** What our side answers, in the oracle's terms. */
function ours(c: Case): Answer {
  try {
    if (c.mode === 'django_post') return { post: toTyped(parseDjangoPost(request(c))) };
    const parsed = parseRequestData(request(c));
    return { data: toTyped(parsed.data), files: toTyped(parsed.kind === 'form' ? parsed.files : new Map()) };
  } catch (error) {
    if (!(error instanceof ApiError)) return { status: 500 };
    if (c.mode === 'django_post') return { status: error.status };
    const response = error.toResponse();
    const type = response.headers.find(([name]) => name === 'Content-Type')?.[1];
    return { status: response.status, content_type: type, body: response.body.toString('utf8') };
  }
}

const normalise = (answer: Answer): Answer => {
  if ('data' in answer) return { data: sortDicts(answer.data), files: answer.files };
  if ('status' in answer && answer.status === 500) return { status: 500 };
  return answer;
};

describe('parseRequestData and parseDjangoPost', () => {
  it.each(cases.map((c, i) => [i, c.mode, c.content_type, c.body.length] as const))(
    'case %i (%s, %j, %i base64 chars) answers as Django and DRF do',
    (i) => {
      const expected = oracle[i]!;
      if (!('ok' in expected)) throw new Error(`oracle raised ${expected.raised}: ${expected.message}`);
      expect(normalise(ours(cases[i]!))).toEqual(normalise(expected.ok));
    },
  );

  it('keeps named character references other than amp/lt/gt/quot/apos in file names (not mirrored)', () => {
    const c = drf(MP(), multipartBody('XyZ', [file('f', 'a&copy;b.txt', enc('x')), field('z', '1')]));
    const parsed = parseRequestData(request(c));
    expect(parsed.kind === 'form' && parsed.files.get('f')?.[0]?.name).toBe('a&copy;b.txt'); // Django: 'a©b.txt'
  });

  it('answers 415 for a charset Python has but that is not mirrored', () => {
    const c = drf('application/json; charset=utf-16', Buffer.from('{}', 'utf16le'));
    expect(ours(c)).toMatchObject({ status: 415, body: '{"detail":"Unsupported media type \\"application/json; charset=utf-16\\" in request."}' });
  });
});
