import { renderDateTime } from '../../shared/drf/fields.ts';
import type { FieldInfo } from '../../shared/drf/metadata.ts';
import type { SiteRow } from './queries.ts';

/** SiteSerializer.to_representation, fields in Meta.fields order. */
export const siteRepresentation = (row: SiteRow) => ({
  id: row.id,
  name: row.name,
  address: row.address,
  postcode: row.postcode,
  created_at: renderDateTime(row.created_at),
});

/** What OPTIONS shows for POST and PUT: SiteSerializer's fields as SimpleMetadata describes them (max_length from the model). */
export const SITE_FIELDS: Record<string, FieldInfo> = {
  id: { type: 'integer', required: false, readOnly: true, label: 'ID' },
  name: { type: 'string', required: true, readOnly: false, label: 'Name', maxLength: 100 },
  address: { type: 'string', required: true, readOnly: false, label: 'Address', maxLength: 255 },
  postcode: { type: 'string', required: true, readOnly: false, label: 'Postcode', maxLength: 16 },
  created_at: { type: 'datetime', required: false, readOnly: true, label: 'Created at' },
};
