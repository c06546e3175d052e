import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from './python-json.ts';

describe('pythonJsonDumps', () => {
  it('writes the bytes requests sends for json= (json.dumps defaults)', () => {
    // Printed by Python 3.11: json.dumps({"order_id": 12, "postcode": "SW1A 1AA", "x": "é\x7f\n\t\"\\/😀\u2028"})
    expect(pythonJsonDumps({ order_id: 12, postcode: 'SW1A 1AA', x: 'é\u007f\n\t"\\/😀\u2028' })).toBe(
      '{"order_id": 12, "postcode": "SW1A 1AA", "x": "\\u00e9\\u007f\\n\\t\\"\\\\/\\ud83d\\ude00\\u2028"}',
    );
  });
});
