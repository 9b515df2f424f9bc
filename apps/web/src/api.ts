/**
 * The one way the web app talks to the gateway: same origin, the session cookie, and the CSRF token
 * (readable cookie from login) echoed on every unsafe request, as the gateway demands.
 */
const CSRF_COOKIE = 'intake_csrf';
const SAFE = new Set(['GET', 'HEAD']);

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

function csrfToken(): string | undefined {
  const pair = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return pair ? decodeURIComponent(pair.slice(CSRF_COOKIE.length + 1)) : undefined;
}

/** The user this page was loaded for: sent with every request, so the gateway refuses (409 SESSION_CHANGED) once the browser's session is someone else's. */
let expectedUser: string | null = null;

export function expectUser(id: string): void {
  expectedUser = id;
}

/** Sends the user to the sign-in page, back here afterwards. */
export function signIn(): void {
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/login/?next=${encodeURIComponent(here)}`);
}

/** What every request carries: JSON accepted, the CSRF token on unsafe methods, the page's user. */
function requestHeaders(method: string, json: boolean): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const csrf = csrfToken();
  if (!SAFE.has(method) && csrf) headers['x-csrf-token'] = csrf;
  if (json) headers['content-type'] = 'application/json';
  if (expectedUser) headers['x-intake-user'] = expectedUser;
  return headers;
}

/** The body of an answer, or the error it is; a session found ended goes to sign-in unless a change would be lost. */
function answer<T>(path: string, method: string, status: number, text: string): T {
  if (status === 401 && !path.startsWith('/auth/login')) {
    // A change (corrections typed, a settings form) stays on the page rather than vanishing into the sign-in page.
    if (!SAFE.has(method)) throw new ApiError(401, 'UNAUTHENTICATED', 'Your session ended, so nothing was saved: sign in again in another tab, then save here again.');
    signIn();
    throw new ApiError(401, 'UNAUTHENTICATED', 'Your session ended; sign in again');
  }
  const body = text ? safeJson(text) : null;
  if (status < 200 || status > 299) throw apiError(status, body);
  return body as T;
}

export async function api<T>(path: string, options: { method?: string; json?: unknown; form?: FormData } = {}): Promise<T> {
  const method = options.method ?? (options.json !== undefined || options.form ? 'POST' : 'GET');
  const res = await fetch(`/api${path}`, {
    method,
    headers: requestHeaders(method, options.json !== undefined),
    credentials: 'same-origin',
    body: options.form ?? (options.json !== undefined ? JSON.stringify(options.json) : undefined),
  });
  return answer<T>(path, method, res.status, await res.text());
}

/** A multipart POST that reports how much of its body has been sent (fetch cannot): a large spreadsheet takes a while. */
export function uploadForm<T>(path: string, form: FormData, onProgress: (sent: number, total: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api${path}`);
    for (const [name, value] of Object.entries(requestHeaders('POST', false))) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.total);
    xhr.onload = () => {
      try {
        resolve(answer<T>(path, 'POST', xhr.status, xhr.responseText));
      } catch (error) {
        reject(error);
      }
    };
    // A proxy refusing a large body often just closes the connection, so the size is named as a possible cause.
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The upload broke off (the network or the server went away, or the file is larger than a server on the way accepts); send the file again'));
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'The upload was stopped; nothing was kept'));
    xhr.send(form);
  });
}

/** What a status without our JSON error says, mostly from a proxy in front of the gateway. */
const STATUS_WORDS: Record<number, string> = {
  408: 'the request took too long',
  413: 'the request is larger than the server, or a proxy in front of it, accepts',
  502: 'the service behind it did not answer',
  503: 'the service is unavailable for now',
  504: 'the service behind it took too long to answer',
};

function apiError(status: number, body: unknown): ApiError {
  const error = (body ?? {}) as { error?: string; message?: string; details?: unknown };
  const words = STATUS_WORDS[status] ? `: ${STATUS_WORDS[status]}` : '';
  return new ApiError(status, error.error ?? `HTTP_${status}`, error.message ?? `The server answered ${status}${words}`, error.details);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page says nothing readable here; plain text (a short message) does.
    return /^\s*</.test(text) ? {} : { message: text.slice(0, 300) };
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
