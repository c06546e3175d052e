import { sessionUser, tokenUser } from '../auth/authenticate.ts';
import type { DjangoUser } from '../auth/users.ts';
import { checkCsrf } from '../django/csrf.ts';
import { toCsrfRequest } from '../http/csrf-request.ts';
import type { RequestContext } from '../http/context.ts';
import { setHeader } from '../http/headers.ts';
import type { CanopyResponse } from '../http/types.ts';
import { ApiError, methodNotAllowed, notAuthenticated, permissionDenied } from './errors.ts';
import { negotiateJson } from './negotiation.ts';
import { DjangoPageError } from './querydict.ts';
import { csrfFailureResponse } from '../django/csrf-failure.ts';
import { htmlResponse, jsonResponse } from './render.ts';

type HandlerName = 'get' | 'post' | 'put' | 'patch' | 'delete';
const HTTP_METHOD_NAMES = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'] as const;

/** A request after DRF's initial(): who is asking. */
export interface ApiRequest extends RequestContext {
  user: DjangoUser | null;
}

export type Permission = (request: ApiRequest) => boolean;
export type Action = (request: ApiRequest) => Promise<CanopyResponse>;

/** An APIView (or one route of a ViewSet) as DRF dispatches it. */
export interface ApiView {
  /** get_view_name(), shown by OPTIONS. */
  name: string;
  /** get_view_description(), shown by OPTIONS. */
  description: string;
  handlers: Partial<Record<HandlerName, Action>>;
  permissions: Permission[];
  /** method_decorator(csrf_protect): Django's own CSRF check (and 403 page) before DRF runs. */
  csrfProtect?: boolean;
  /** method_decorator(ensure_csrf_cookie): the response always carries the CSRF cookie. */
  ensureCsrfCookie?: boolean;
}

/** rest_framework.permissions.IsAuthenticated */
export const isAuthenticated: Permission = (request) => request.user !== null;

/** Methods the view answers, in DRF's order (APIView.allowed_methods); HEAD follows GET. */
function allowedMethods(view: ApiView): string[] {
  return HTTP_METHOD_NAMES.filter(
    (m) => m === 'options' || (m === 'head' ? 'get' in view.handlers : m in view.handlers),
  ).map((m) => m.toUpperCase());
}

/**
 * DRF's authenticators in the monolith's order: SessionAuthentication (with
 * its CSRF check for unsafe methods), then TokenAuthentication.
 */
async function authenticate(ctx: RequestContext): Promise<DjangoUser | null> {
  const user = await sessionUser(ctx);
  if (user) {
    const reason = checkCsrf(toCsrfRequest(ctx.req));
    if (reason) throw permissionDenied(`CSRF Failed: ${reason}`);
    return user;
  }
  return tokenUser(ctx);
}

/** APIView.dispatch: negotiation, authentication, permissions, then the handler; errors as DRF renders them. */
export async function dispatch(view: ApiView, ctx: RequestContext): Promise<CanopyResponse> {
  if (view.csrfProtect) {
    let reason: string | null;
    try {
      reason = checkCsrf(toCsrfRequest(ctx.req));
    } catch (error) {
      // Django's 400 page for a POST body it could not read while looking for the token.
      if (error instanceof ApiError) return djangoErrorPage(error, ctx);
      throw error;
    }
    if (reason) return htmlResponse(403, csrfFailureResponse(reason).body);
  }
  if (view.ensureCsrfCookie) ctx.csrf.getToken();
  let response: CanopyResponse;
  let caught: ApiError | null = null;
  try {
    const negotiation = negotiateJson(ctx.req.headers.accept, ctx.req.query.get('format'));
    if (negotiation) throw negotiation;
    const request: ApiRequest = { ...ctx, user: await authenticate(ctx) };
    for (const permission of view.permissions) {
      // The first authenticator (Session) has no WWW-Authenticate header, so DRF answers 403, not 401.
      if (!permission(request)) throw request.user ? permissionDenied() : notAuthenticated();
    }
    response = await handle(view, request);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    caught = error;
    response = error.toResponse();
  }
  // Django's own 400 page (a body Django itself could not read) never went through DRF.
  if (caught?.code === 'bad_request') return djangoErrorPage(caught, ctx);
  setHeader(response, 'Allow', allowedMethods(view).join(', '));
  return response;
}

/** Django's own error page for an exception it handled; a logged SuspiciousOperation reads request.user. */
async function djangoErrorPage(error: ApiError, ctx: RequestContext): Promise<CanopyResponse> {
  if (error instanceof DjangoPageError && error.suspicious) await sessionUser(ctx).catch(() => null);
  return error.toResponse();
}

function handle(view: ApiView, request: ApiRequest): Promise<CanopyResponse> {
  const method = request.req.method.toLowerCase();
  if (method === 'options') return Promise.resolve(metadata(view));
  const name = (method === 'head' ? 'get' : method) as HandlerName;
  const handler = (HTTP_METHOD_NAMES as readonly string[]).includes(method) ? view.handlers[name] : undefined;
  if (!handler) throw methodNotAllowed(request.req.method);
  return handler(request);
}

/** SimpleMetadata for a read-only view. */
function metadata(view: ApiView): CanopyResponse {
  return jsonResponse(200, {
    name: view.name,
    description: view.description,
    renders: ['application/json'],
    parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'],
  });
}
