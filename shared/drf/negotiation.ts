import { ApiError, notAcceptable, notFound } from '../http/errors.ts';
import { parseHeaderParameters } from './media-types.ts';
import { pyInt } from '../python/str.ts';

/** What negotiation settled: JSONRenderer and, from the accepted media type, its indent (or none). */
export interface Negotiated {
  indent: number | null;
}

interface MediaType {
  text: string;
  main: string;
  sub: string;
  params: Map<string, string>;
}

function mediaType(text: string): MediaType {
  const { key, params } = parseHeaderParameters(text);
  const slash = key.indexOf('/');
  return { text, main: slash < 0 ? key : key.slice(0, slash), sub: slash < 0 ? '' : key.slice(slash + 1), params };
}

// _MediaType.precedence: a full type with parameters (other than q) first, then a plain one, then type/*, then */*.
function precedence(type: MediaType): number {
  if (type.main === '*') return 0;
  if (type.sub === '*') return 1;
  return type.params.size === 0 || (type.params.size === 1 && type.params.has('q')) ? 2 : 3;
}

/** JSONRenderer.get_indent: int() of the indent parameter, clamped to 0..8, 0 meaning none. */
function indentOf(params: Map<string, string>): number | null {
  const value = params.has('indent') ? pyInt(params.get('indent')!) : null;
  if (value === null) return null;
  const clamped = value > 8n ? 8 : value < 0n ? 0 : Number(value);
  return clamped === 0 ? null : clamped;
}

/**
 * DRF's DefaultContentNegotiation.select_renderer for a view whose only renderer is JSONRenderer
 * (the monolith's setting): a non-empty `?format=` other than json is a 404; the Accept header
 * (`*\/*` when absent; an empty one admits nothing) is split on ',' and the first media type in
 * order of precedence that application/json satisfies is accepted, else 406. The accepted type's
 * `indent=` is what JSONRenderer pretty-prints with.
 */
export function negotiateJson(accept: string | undefined, formatParam: string | null): ApiError | Negotiated {
  if (formatParam && formatParam !== 'json') return notFound();
  const types = (accept ?? '*/*').split(',').map((token) => mediaType(token.trim()));
  for (const level of [3, 2, 1, 0]) {
    // Python iterates a set here; with one renderer only the first match's parameters matter.
    const match = types.find((t) => precedence(t) === level && (t.sub === '*' || t.sub === 'json') && (t.main === '*' || t.main === 'application'));
    if (match) return { indent: indentOf(match.params) };
  }
  return notAcceptable();
}

/**
 * Whether the Accept header admits text/event-stream, for a view that renders an event stream
 * beside JSON (renderer_classes [JSONRenderer, an event-stream renderer]); `*\/*` and no header
 * leave the choice to JSON's negotiation, whose answers (errors too) such a view keeps.
 */
export function acceptsEventStream(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((token) => {
    const type = mediaType(token.trim());
    return (type.main === 'text' || type.main === '*') && type.sub === 'event-stream';
  });
}
