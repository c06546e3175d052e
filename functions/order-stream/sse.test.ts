import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { acceptsEventStream } from '../../shared/drf/negotiation.ts';
import { lastEventId, sseComment, sseEvent, sseRetry } from './sse.ts';

describe('the wire format', () => {
  it('is read back by an EventSource parser as sent: id, type, the event as JSON, comments and the retry hint', () => {
    const event = { id: 42, order: 7, event: 'paid', status: 'confirmed', data: { note: 'line\nbreak' }, at: '2026-12-02T16:21:05.001200Z' };
    const events: EventSourceMessage[] = [];
    const comments: string[] = [];
    const retries: number[] = [];
    const parser = createParser({ onEvent: (e) => events.push(e), onComment: (c) => comments.push(c), onRetry: (r) => retries.push(r) });
    parser.feed(sseRetry(1000) + sseComment('heartbeat') + sseEvent(event));
    expect(retries).toEqual([1000]);
    expect(comments.map((c) => c.trim())).toEqual(['heartbeat']);
    expect(events).toEqual([{ id: '42', event: 'paid', data: JSON.stringify(event) }]);
    expect(JSON.parse(events[0]!.data)).toEqual(event);
  });
});

describe('lastEventId', () => {
  it('reads the id a client last saw, and anything else as no id (from the start)', () => {
    expect(lastEventId('57')).toBe(57);
    expect(lastEventId(' 57 ')).toBe(57);
    for (const header of [undefined, '', 'abc', '-1', '1.5', '1e3', '9'.repeat(16)]) expect(lastEventId(header), String(header)).toBe(0);
  });
});

describe('acceptsEventStream', () => {
  it('admits text/event-stream however it is listed, and leaves everything else to JSON negotiation', () => {
    for (const accept of ['text/event-stream', 'text/event-stream; charset=utf-8', 'application/json, text/event-stream;q=0.5', '*/event-stream']) {
      expect(acceptsEventStream(accept), accept).toBe(true);
    }
    for (const accept of [undefined, '', '*/*', 'text/*', 'application/json', 'text/html']) expect(acceptsEventStream(accept), String(accept)).toBe(false);
  });
});
