import { unsupportedMediaType } from '../../shared/http/errors.ts';
import { mediaTypeMatches } from '../../shared/drf/media-types.ts';
import { parseRequestData, type RequestBody } from '../../shared/drf/parsers.ts';
import { pyInt } from '../../shared/python/str.ts';
import type { SerializerInput } from '../../shared/drf/serializer-fields.ts';

/**
 * Django's request.body: CONTENT_LENGTH bytes, none without it (a chunked body, which gunicorn
 * passes without CONTENT_LENGTH, reads as empty).
 */
export function djangoBody(req: RequestBody): Buffer {
  const length = pyInt(req.headers['content-length'] ?? '') ?? 0n;
  return length > 0n ? req.body.subarray(0, Number(length)) : Buffer.alloc(0);
}

/** request.data with parser_classes = [JSONParser]: a body of any other media type is DRF's 415. */
export function jsonRequestData(req: RequestBody): SerializerInput {
  const contentType = req.headers['content-type'] ?? '';
  if (djangoBody(req).length > 0 && !mediaTypeMatches('application/json', contentType)) throw unsupportedMediaType(contentType);
  return parseRequestData(req).data;
}
