import type { OrderingOptions } from './ordering-filter.ts';
import type { AnyNamedSchema, JsonSchema } from './schema.ts';
import type { Field } from './serializer-fields.ts';

// What a view says about each of its methods for an API reference (DRF's APIView.schema, which
// AutoSchema fills by inspecting the view): the serializers it validates with, its success and
// error answers. tools/openapi turns these into the OpenAPI document; nothing here runs per request.

/** One answer a method gives: a JSON body (named or inline), Django's HTML page, an event stream, or no body. */
export interface ResponseSchema {
  description: string;
  json?: AnyNamedSchema | JsonSchema;
  /** Django's own HTML page (a CSRF failure), not DRF's JSON. */
  html?: true;
  /** Server-Sent Events (text/event-stream), described in words: a stream has no JSON schema. */
  eventStream?: true;
}

/** The serializer request.data goes through, under a name the document gives its schema. */
export interface BodySchema {
  name: string;
  fields: readonly Field[];
  /** Nested serializers (a field that is itself a serializer), by field name; not required. */
  nested?: Record<string, readonly Field[]>;
}

/** One method of a view. */
export interface OperationSchema {
  summary: string;
  description?: string;
  body?: BodySchema;
  /** The fields of the serializer query_params go through (filters). */
  query?: readonly Field[];
  /** PageNumberPagination: ?page= and DRF's envelope around `responses[200]`'s list items. */
  paginated?: true;
  /** OrderingFilter: ?ordering= over these fields. */
  ordering?: OrderingOptions;
  /** By status; errors the view implies (authentication, validation, media type) are added by the generator. */
  responses: Record<number, ResponseSchema>;
  /** Request headers the method reads beyond Django's (Idempotency-Key, a signature). */
  headers?: Record<string, { description: string; required?: boolean }>;
}

/** A view's schema: its methods (lower-case, as handlers) described. */
export type ViewSchema = Partial<Record<'get' | 'post' | 'put' | 'patch' | 'delete', OperationSchema>>;

/** DRF's error body of one message: {"detail": "..."}. */
export const DETAIL: JsonSchema = {
  type: 'object',
  properties: { detail: { type: 'string' } },
  required: ['detail'],
  additionalProperties: false,
};

/** An answer whose body is {"detail": "..."}. */
export const detailResponse = (description: string): ResponseSchema => ({ description, json: DETAIL });
