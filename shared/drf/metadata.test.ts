import { describe, expect, it } from 'vitest';
import { runDrfBatch } from '../../oracle/drf-python.ts';
import { metadataResponse, type FieldInfo } from './metadata.ts';

// What OPTIONS describes of serializer fields, against DRF 3.14's SimpleMetadata itself: each case
// declares a field in Python and the FieldInfo a function would write for it; both are rendered as
// the OPTIONS body of a view whose POST takes a serializer with that one field, and compared byte for byte.

const ORACLE = `
from collections import OrderedDict
from decimal import Decimal
from rest_framework import serializers
from rest_framework.metadata import SimpleMetadata
from rest_framework.renderers import JSONRenderer

def handle(case):
    field = eval(case['field'], {'serializers': serializers, 'Decimal': Decimal})
    serializer = type('One', (serializers.Serializer,), {case['name']: field})()
    data = OrderedDict([
        ('name', 'One'), ('description', ''), ('renders', ['application/json']),
        ('parses', ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data']),
        ('actions', {'POST': SimpleMetadata().get_serializer_info(serializer)}),
    ])
    return JSONRenderer().render(data).decode('utf-8')
`;

interface Case {
  name: string;
  /** The field as a Python expression. */
  field: string;
  ours: FieldInfo;
}

const CASES: Case[] = [
  { name: 'name', field: 'serializers.CharField(max_length=100)', ours: { type: 'string', required: true, readOnly: false, label: 'Name', maxLength: 100 } },
  {
    name: 'postcode',
    field: "serializers.CharField(min_length=2, max_length=16, help_text='A UK postcode, \"quoted\" ☕')",
    ours: { type: 'string', required: true, readOnly: false, label: 'Postcode', helpText: 'A UK postcode, "quoted" ☕', minLength: 2, maxLength: 16 },
  },
  { name: 'note', field: "serializers.CharField(required=False, allow_blank=True, help_text='')", ours: { type: 'string', required: false, readOnly: false, label: 'Note' } },
  { name: 'contact_email', field: 'serializers.EmailField(max_length=254)', ours: { type: 'email', required: true, readOnly: false, label: 'Contact email', maxLength: 254 } },
  { name: 'id', field: "serializers.IntegerField(read_only=True, label='ID')", ours: { type: 'integer', required: false, readOnly: true, label: 'ID' } },
  { name: 'tanks', field: 'serializers.IntegerField(min_value=0, max_value=12)', ours: { type: 'integer', required: true, readOnly: false, label: 'Tanks', minValue: 0, maxValue: 12 } },
  { name: 'level', field: 'serializers.IntegerField(min_value=-5)', ours: { type: 'integer', required: true, readOnly: false, label: 'Level', minValue: -5 } },
  {
    name: 'quantity',
    field: "serializers.DecimalField(max_digits=7, decimal_places=2, min_value=Decimal('0.01'), max_value=Decimal('50000'))",
    ours: { type: 'decimal', required: true, readOnly: false, label: 'Quantity', minValue: '0.01', maxValue: '50000' },
  },
  {
    name: 'kind',
    field: "serializers.ChoiceField(choices=[('depot', 'Depot'), ('farm', 'Farm')], help_text='What is there')",
    ours: { type: 'choice', required: true, readOnly: false, label: 'Kind', helpText: 'What is there', choices: [['depot', 'Depot'], ['farm', 'Farm']] },
  },
  { name: 'created_at', field: 'serializers.DateTimeField(read_only=True)', ours: { type: 'datetime', required: false, readOnly: true, label: 'Created at' } },
  { name: 'site_name', field: "serializers.CharField(label='Site’s name', max_length=40)", ours: { type: 'string', required: true, readOnly: false, label: 'Site’s name', maxLength: 40 } },
];

describe("SimpleMetadata's field attributes", () => {
  it('are those DRF reports, in its order and rendering, for every kind of limit', () => {
    const expected = runDrfBatch<string>(ORACLE, CASES.map(({ name, field }) => ({ name, field })));
    const mismatches = CASES.flatMap((c, i) => {
      const theirs = expected[i]!;
      if (!('ok' in theirs)) throw new Error(`oracle raised ${theirs.raised}: ${theirs.message} for ${c.field}`);
      const mine = metadataResponse({ name: 'One', description: '', actions: { POST: { [c.name]: c.ours } } }, ['POST']).body.toString('utf8');
      return mine === theirs.ok ? [] : [{ field: c.field, drf: theirs.ok, ours: mine }];
    });
    expect(mismatches).toEqual([]);
  });
});
