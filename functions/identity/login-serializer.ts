import { parseRequestData } from '../../shared/drf/parsers.ts';
import { charField } from '../../shared/drf/serializer-fields.ts';
import { serializer, validatedData } from '../../shared/drf/serializers.ts';
import type { CanopyRequest } from '../../shared/http/types.ts';

/** The monolith's LoginSerializer fields (its validate() is authenticate(), done by the view). */
export const loginSerializer = serializer([charField('username'), charField('password', { trimWhitespace: false })]);

/** Parses request.data as DRF does and validates the credentials, or throws DRF's 400/415. */
export async function validateLogin(req: CanopyRequest): Promise<{ username: string; password: string }> {
  return validatedData(loginSerializer, parseRequestData(req).data);
}
