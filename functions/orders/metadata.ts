import type { FieldInfo } from '../../shared/drf/metadata.ts';
import { PRODUCTS, STATUSES } from './model.ts';

/** What OPTIONS on the list shows for POST: every OrderSerializer field as SimpleMetadata describes it. */
export const ORDER_FIELDS: Record<string, FieldInfo> = {
  id: { type: 'integer', required: false, readOnly: true, label: 'ID' },
  customer: { type: 'field', required: false, readOnly: true, label: 'Customer' },
  site: { type: 'field', required: true, readOnly: false, label: 'Site' },
  product: { type: 'choice', required: true, readOnly: false, label: 'Product', choices: PRODUCTS },
  quantity: { type: 'decimal', required: true, readOnly: false, label: 'Quantity', minValue: '0.01', maxValue: '50000', maxDigits: 10, decimalPlaces: 2 },
  window_start: { type: 'datetime', required: true, readOnly: false, label: 'Window start' },
  window_end: { type: 'datetime', required: true, readOnly: false, label: 'Window end' },
  status: { type: 'choice', required: false, readOnly: true, label: 'Status', choices: STATUSES },
  paid_at: { type: 'datetime', required: false, readOnly: true, label: 'Paid at' },
  created_at: { type: 'datetime', required: false, readOnly: true, label: 'Created at' },
  updated_at: { type: 'datetime', required: false, readOnly: true, label: 'Updated at' },
};
