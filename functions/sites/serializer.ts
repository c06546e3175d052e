import { renderDateTime } from '../../shared/drf/fields.ts';
import type { FieldInfo } from '../../shared/drf/metadata.ts';
import { dateTime, integer, named, objectOf, string } from '../../shared/drf/schema.ts';
import type { SiteRow } from './queries.ts';

/** SiteSerializer.to_representation, fields in Meta.fields order. */
export const siteRepresentation = (row: SiteRow) => ({
  id: row.id,
  name: row.name,
  address: row.address,
  postcode: row.postcode,
  created_at: renderDateTime(row.created_at),
});

// The Site model's max_length of each CharField, which ModelSerializer makes the serializer's.
const MAX_LENGTH = { name: 100, address: 255, postcode: 16 } as const;

/** What OPTIONS shows for POST and PUT: SiteSerializer's fields as SimpleMetadata describes them (max_length from the model). */
export const SITE_FIELDS: Record<string, FieldInfo> = {
  id: { type: 'integer', required: false, readOnly: true, label: 'ID' },
  name: { type: 'string', required: true, readOnly: false, label: 'Name', maxLength: MAX_LENGTH.name },
  address: { type: 'string', required: true, readOnly: false, label: 'Address', maxLength: MAX_LENGTH.address },
  postcode: { type: 'string', required: true, readOnly: false, label: 'Postcode', maxLength: MAX_LENGTH.postcode },
  created_at: { type: 'datetime', required: false, readOnly: true, label: 'Created at' },
};

/** What siteRepresentation gives, on the wire, as AutoSchema.map_serializer describes SiteSerializer. */
export const SITE_SCHEMA = named(
  'Site',
  objectOf<ReturnType<typeof siteRepresentation>>({
    id: integer({ readOnly: true }),
    name: string({ maxLength: MAX_LENGTH.name }),
    address: string({ maxLength: MAX_LENGTH.address }),
    postcode: string({ maxLength: MAX_LENGTH.postcode }),
    created_at: dateTime({ readOnly: true }),
  }),
);
