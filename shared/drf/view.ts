import { sessionUser, tokenUser } from '../auth/authenticate.ts';
import type { DjangoUser } from '../auth/users.ts';
import { CSRF_FORM_FIELD } from '../django/csrf.ts';
import { suspiciousReportReadsUser } from '../django/monolith-settings.ts';
import { checkCsrf, toCsrfRequest } from './csrf-request.ts';
import type { RequestContext } from '../http/context.ts';
import { setHeader } from '../http/headers.ts';
import type { CanopyResponse } from '../http/types.ts';
import { ApiError, methodNotAllowed, notAuthenticated, permissionDenied } from '../http/errors.ts';
import { metadataResponse, type DescribedMethod, type ViewMetadata } from './metadata.ts';
import { acceptsEventStream, negotiateJson } from './negotiation.ts';
import type { ViewSchema } from './operation.ts';
import { drfPostField } from './parsers.ts';
import { DjangoPageError } from './querydict.ts';
import { csrfFailureResponse } from '../django/csrf-failure.ts';
import { htmlResponse, indented } from '../http/render.ts';

type HandlerName = 'get' | 'post' | 'put' | 'patch' | 'delete';
const HTTP_METHOD_NAMES = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'] as const;

/** A request after DRF's initial(): who is asking. */
export interface ApiRequest extends RequestContext {
  user: DjangoUser | null;
}

export type Permission = (request: ApiRequest) => boolean;
export type Action = (request: ApiRequest) => Promise<CanopyResponse>;

/**
 * An APIView (or one route of a ViewSet) as DRF dispatches it; `name` (get_view_name()),
 * `description` (get_view_description()) and, for a view with a serializer, `actions` are what
 * OPTIONS shows.
 */
export interface ApiView extends ViewMetadata {
  handlers: Partial<Record<HandlerName, Action>>;
  permissions: Permission[];
  /** method_decorator(csrf_protect): Django's own CSRF check (and 403 page) before DRF runs. */
  csrfProtect?: boolean;
  /** method_decorator(ensure_csrf_cookie): the response always carries the CSRF cookie. */
  ensureCsrfCookie?: boolean;
  /** authentication_classes = []: nobody is authenticated, so neither the session nor a token is looked at. */
  noAuthenticators?: boolean;
  /** Renders text/event-stream beside JSON: an Accept that asks for it is not refused with 406. */
  eventStream?: boolean;
  /**
   * Methods the monolith's view has and still serves itself (a function that migrated only a
   * ViewSet's reads): Allow lists them and OPTIONS describes them, as the whole view does. The
   * manifest does not list them, so the URL map sends them to the monolith; one that reaches the
   * function anyway (a direct call, which internal ingress refuses in production) gets DRF's 405.
   */
  monolithMethods?: HandlerName[];
  /**
   * GenericAPIView.get_object for a detail route: OPTIONS describes PUT only when it finds the
   * object for this user (SimpleMetadata.determine_actions); throws an ApiError (404) when not.
   */
  getObject?: (request: ApiRequest) => Promise<unknown>;
  /** APIView.schema: what the API reference says of each method (tools/openapi). */
  schema?: ViewSchema;
}

/** rest_framework.permissions.IsAuthenticated */
export const isAuthenticated: Permission = (request) => request.user !== null;

/** Methods the monolith's view has, in DRF's order (APIView.allowed_methods); HEAD follows GET. */
function allowedMethods(view: ApiView): string[] {
  const has = (m: string) => m in view.handlers || (view.monolithMethods ?? []).includes(m as HandlerName);
  return HTTP_METHOD_NAMES.filter((m) => m === 'options' || has(m === 'head' ? 'get' : m)).map((m) => m.toUpperCase());
}

/**
 * SimpleMetadata.determine_actions: PUT and POST, when the view allows them, are described only
 * if the request, cloned with that method, passes the permissions and (PUT) finds the object.
 * DRF iterates a set, so a view allowing both lists them in an order Python's string hashing
 * picks per process; no migrated view allows both.
 */
async function describedMethods(view: ApiView, request: ApiRequest): Promise<DescribedMethod[]> {
  const allowed = allowedMethods(view);
  const described: DescribedMethod[] = [];
  for (const method of ['PUT', 'POST'] as const) {
    if (!allowed.includes(method)) continue;
    const clone: ApiRequest = { ...request, req: { ...request.req, method } };
    if (!view.permissions.every((permission) => permission(clone))) continue;
    try {
      if (method === 'PUT') await view.getObject?.(clone);
    } catch (error) {
      if (error instanceof ApiError) continue;
      throw error;
    }
    described.push(method);
  }
  return described;
}

/**
 * DRF's authenticators in the monolith's order: SessionAuthentication (with
 * its CSRF check for unsafe methods), then TokenAuthentication.
 */
async function authenticate(ctx: RequestContext): Promise<DjangoUser | null> {
  const user = await sessionUser(ctx);
  if (user) {
    // enforce_csrf hands CsrfViewMiddleware DRF's Request, whose POST is DRF's own parse of the body.
    const formToken = () => (ctx.req.method === 'POST' ? drfPostField(ctx.req, CSRF_FORM_FIELD) : undefined);
    const reason = checkCsrf({ ...toCsrfRequest(ctx.req, ctx.csrf), formToken });
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
      reason = checkCsrf(toCsrfRequest(ctx.req, ctx.csrf));
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
  let indent: number | null = null;
  try {
    // query_params.get('format'): a QueryDict gives the last value.
    const negotiation =
      view.eventStream && acceptsEventStream(ctx.req.headers.accept)
        ? { indent: null }
        : negotiateJson(ctx.req.headers.accept, ctx.req.query.getAll('format').at(-1) ?? null);
    if (negotiation instanceof ApiError) throw negotiation;
    indent = negotiation.indent;
    const request: ApiRequest = { ...ctx, user: view.noAuthenticators ? null : await authenticate(ctx) };
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
  return indent === null ? response : indented(response, indent);
}

/** Django's own error page for an exception it handled; a logged SuspiciousOperation reads request.user. */
async function djangoErrorPage(error: ApiError, ctx: RequestContext): Promise<CanopyResponse> {
  if (error instanceof DjangoPageError && error.suspicious && suspiciousReportReadsUser()) await sessionUser(ctx).catch(() => null);
  return error.toResponse();
}

async function handle(view: ApiView, request: ApiRequest): Promise<CanopyResponse> {
  const method = request.req.method.toLowerCase();
  if (method === 'options') return metadataResponse(view, await describedMethods(view, request));
  const name = (method === 'head' ? 'get' : method) as HandlerName;
  const handler = (HTTP_METHOD_NAMES as readonly string[]).includes(method) ? view.handlers[name] : undefined;
  if (!handler) throw methodNotAllowed(request.req.method);
  return handler(request);
}
