// django.views.csrf.csrf_failure with DEBUG = False and no 403_csrf.html template: the built-in
// template as Django's template engine renders it (autoescaped, English): 3.2's CSRF_FAILURE_TEMPLATE,
// or 5.x's views/templates/csrf_403.html (no leading newline, a plain <style>, font-family, "web browser").
import { REASON_NO_CSRF_COOKIE, REASON_NO_REFERER } from './csrf.ts';
import { djangoPageContentType, modernHtmlPages } from './monolith-settings.ts';

const MODERN = modernHtmlPages();

const HEAD = `${MODERN ? '' : '\n'}<!DOCTYPE html>
<html lang="en">
<head>
  <meta http-equiv="content-type" content="text/html; charset=utf-8">
  <meta name="robots" content="NONE,NOARCHIVE">
  <title>403 Forbidden</title>
  <style${MODERN ? '' : ' type="text/css"'}>
    html * { padding:0; margin:0; }
    body * { padding:10px 20px; }
    body * * { padding:0; }
    body { ${MODERN ? 'font-family: sans-serif;' : 'font:small sans-serif;'} background:#eee; color:#000; }
    body>div { border-bottom:1px solid #ddd; }
    h1 { font-weight:normal; margin-bottom:.4em; }
    h1 span { font-size:60%; color:#666; font-weight:normal; }
    #info { background:#f6f6f6; }
    #info ul { margin: 0.5em 4em; }
    #info p, #summary p { padding-top:10px; }
    #summary { background: #ffc; }
    #explanation { background:#eee; border-bottom: 0px none; }
  </style>
</head>
<body>
<div id="summary">
  <h1>Forbidden <span>(403)</span></h1>
  <p>CSRF verification failed. Request aborted.</p>
`;

// The {% if no_referer %} block, minus its surrounding newlines.
const NO_REFERER = `
  <p>You are seeing this message because this HTTPS site requires a “Referer header” to be sent by your ${MODERN ? 'web' : 'Web'} browser, but none was sent. This header is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>
  <p>If you have configured your browser to disable “Referer” headers, please re-enable them, at least for this site, or for HTTPS connections, or for “same-origin” requests.</p>
  <p>If you are using the &lt;meta name=&quot;referrer&quot; content=&quot;no-referrer&quot;&gt; tag or including the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection requires the “Referer” header to do strict referer checking. If you’re concerned about privacy, use alternatives like &lt;a rel=&quot;noreferrer&quot; …&gt; for links to third-party sites.</p>
`;

// The {% if no_cookie %} block, minus its surrounding newlines.
const NO_COOKIE = `
  <p>You are seeing this message because this site requires a CSRF cookie when submitting forms. This cookie is required for security reasons, to ensure that your browser is not being hijacked by third parties.</p>
  <p>If you have configured your browser to disable cookies, please re-enable them, at least for this site, or for “same-origin” requests.</p>
`;

const TAIL = `
</div>

<div id="explanation">
  <p><small>More information is available with DEBUG=True.</small></p>
</div>

</body>
</html>
`;

/** A response as the handler sends it. */
export interface CsrfFailureResponse {
  status: 403;
  headers: { 'Content-Type': string };
  /** UTF-8 (the page contains curly quotes). */
  body: string;
}

/** The 403 Django's CSRF_FAILURE_VIEW returns for `reason` (only the no-Referer/no-cookie reasons change the body). */
export function csrfFailureResponse(reason: string): CsrfFailureResponse {
  const noReferer = reason === REASON_NO_REFERER ? NO_REFERER : '';
  const noCookie = reason === REASON_NO_CSRF_COOKIE ? NO_COOKIE : '';
  const body = `${HEAD}${noReferer}\n${noCookie}${TAIL}`;
  return { status: 403, headers: { 'Content-Type': djangoPageContentType() }, body };
}
