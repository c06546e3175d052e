import { getHost } from '../django/host.ts';
import { openSession } from '../django/session-store.ts';
import { slashRedirectInResponse } from '../django/monolith-settings.ts';
import { SESSION_COOKIE_NAME } from '../django/sessions.ts';
import type { Sql } from '../db.ts';
import { badRequestPage } from '../drf/querydict.ts';
import { dispatch, type ApiView } from '../drf/view.ts';
import { openCsrf } from '../http/csrf-state.ts';
import { fullPathWithSlash } from '../http/django-paths.ts';
import { pageNotFound, permanentRedirect } from '../http/django-pages.ts';
import { applyResponseMiddleware, badRequestBelowCommon, stripBodyForHead } from './middleware.ts';
import type { CanopyRequest, CanopyResponse } from '../http/types.ts';
import { resolve, shouldRedirectWithSlash, type UrlPattern } from '../http/urls.ts';

export interface FunctionApp {
  urlPatterns: ReadonlyArray<UrlPattern<ApiView>>;
  secretKey: string;
}

/** A request path on a given connection (the pool, or a transaction for a dry run). */
export type Handler = (req: CanopyRequest, sql: Sql) => Promise<CanopyResponse>;

/**
 * The request path Django takes for the function's routes: CommonMiddleware's
 * host check and slash redirect, URL resolution (Django's HTML 404 for anything else), the
 * DRF view, then the response middleware.
 */
export function createHandler(app: FunctionApp): Handler {
  return async (req, sql) => {
    const session = openSession(sql, app.secretKey, req.cookies[SESSION_COOKIE_NAME]);
    // CommonMiddleware.process_request starts with get_host(): a badly formed host, or one ALLOWED_HOSTS
    // does not list, raises DisallowedHost, which Django answers with its 400 page.
    if (getHost(req) === null) {
      const csrf = await openCsrf(req, session);
      return stripBodyForHead(req, await badRequestBelowCommon({ req, session, csrf }, badRequestPage().toResponse()));
    }
    const slashRedirect = shouldRedirectWithSlash(app.urlPatterns, req.path);
    // CommonMiddleware's slash redirect comes before CsrfViewMiddleware.process_request until Django 4.2.
    const csrf = await openCsrf(req, slashRedirect && !slashRedirectInResponse() ? null : session);
    let response: CanopyResponse;
    let framed = true;
    if (slashRedirect) {
      response = permanentRedirect(fullPathWithSlash(req.path, req.rawQuery));
      framed = false;
    } else {
      const match = resolve(app.urlPatterns, req.path);
      response = match
        ? await dispatch(match.view, { req, sql, secretKey: app.secretKey, session, csrf, params: match.params })
        : pageNotFound();
    }
    return stripBodyForHead(req, await applyResponseMiddleware({ req, session, csrf, framed }, response));
  };
}
