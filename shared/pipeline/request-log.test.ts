import { describe, expect, it } from 'vitest';
import { loggableUrl, traceFields } from './request-log.ts';

describe('request log fields', () => {
  it('redacts query values that look secret and keeps the rest', () => {
    expect(loggableUrl('/api/orders/?page=2&token=abc&api_key=k&Signature=s')).toBe(
      '/api/orders/?page=2&token=%5Bredacted%5D&api_key=%5Bredacted%5D&Signature=%5Bredacted%5D',
    );
    expect(loggableUrl('/api/users/me/')).toBe('/api/users/me/');
  });

  it('reads the trace from X-Cloud-Trace-Context (decimal span) or traceparent', () => {
    expect(traceFields({ 'x-cloud-trace-context': '105445aa7843bc8bf206b12000100000/1;o=1' }, 'proj')).toEqual({
      'logging.googleapis.com/trace': 'projects/proj/traces/105445aa7843bc8bf206b12000100000',
      'logging.googleapis.com/spanId': '0000000000000001',
    });
    expect(traceFields({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' }, undefined)).toEqual({
      'logging.googleapis.com/trace': '4bf92f3577b34da6a3ce929d0e0e4736',
      'logging.googleapis.com/spanId': '00f067aa0ba902b7',
    });
    expect(traceFields({}, 'proj')).toEqual({});
  });
});
