// The console's one door to the server: the cookie session (sign in, out, the CSRF token kept in memory only) and
// the KVS API paths called exactly as an AWS SDK would, authenticated by the session cookie plus X-Console-Csrf.
// KVS error bodies ({"__type"|"code", "Message"|"message"}) become ApiError with a sentence a person can act on.

const CSRF_HEADER = 'X-Console-Csrf';
const JSON_TYPE = 'application/json';

/** The signed-in session: never the secret, only what /console/session answers. */
let session = null;
const signedOutListeners = [];

/** A refused call, in KVS's own words plus a readable sentence. */
export class ApiError extends Error {
  constructor(status, type, detail) {
    super(readable(status, type, detail));
    this.status = status;
    this.type = type;
    this.detail = detail;
  }
}

const EXPLAINED = {
  NotAuthorizedException: 'Not authorized',
  MissingAuthenticationTokenException: 'Not signed in (or the session expired)',
  InvalidSignatureException: 'The request was refused (security token mismatch); reload the page',
  ResourceNotFoundException: 'Not found',
  ResourceInUseException: 'Already exists or is in use',
  InvalidArgumentException: 'Invalid input',
  LimitExceededException: 'Too many requests; wait a moment and try again',
  ClientLimitExceededException: 'Too many requests; wait a moment and try again',
  AccessDeniedException: 'Access denied by this key\'s policy',
  NoDataRetentionException: 'This stream keeps no media',
};

function readable(status, type, detail) {
  const head = EXPLAINED[type] || (type ? type.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1 $2')
    : `HTTP ${status}`);
  return detail && detail !== head ? `${head}: ${detail}` : head;
}

async function failure(response) {
  let type = '';
  let detail = '';
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    type = String(body.__type || body.code || body.Code || '').replace(/^.*#/, '');
    detail = body.Message || body.message || '';
  } catch (notJson) {
    detail = text.slice(0, 200);
  }
  type = type || response.headers.get('x-amzn-ErrorType')?.replace(/:.*$/, '') || '';
  const error = new ApiError(response.status, type, detail);
  if (session && (type === 'MissingAuthenticationTokenException' || response.status === 401 && !type)) {
    session = null;
    signedOutListeners.forEach((listener) => listener(error));
  }
  return error;
}

/** Calls `listener(error)` when the server says the session is gone. */
export function onSignedOut(listener) {
  signedOutListeners.push(listener);
}

export function currentSession() {
  return session;
}

/** The session the cookie already holds (a reloaded page), or null. */
export async function resumeSession() {
  const response = await fetch('/console/session', { credentials: 'same-origin' });
  if (!response.ok) {
    session = null;
    return null;
  }
  session = await response.json();
  return session;
}

export async function signIn(accessKeyId, secretAccessKey) {
  const response = await fetch('/console/session', { method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': JSON_TYPE }, body: JSON.stringify({ accessKeyId, secretAccessKey }) });
  if (!response.ok) {
    const error = await failure(response);
    if (response.status === 401) {
      error.message = 'Wrong access key ID or secret access key';
    }
    throw error;
  }
  session = await response.json();
  return session;
}

export async function signOut() {
  const token = session && session.csrfToken;
  session = null;
  if (token) {
    await fetch('/console/session/end', { method: 'POST', credentials: 'same-origin',
      headers: { [CSRF_HEADER]: token } });
  }
}

function headers(json) {
  const h = { [CSRF_HEADER]: session ? session.csrfToken : '' };
  if (json) {
    h['Content-Type'] = JSON_TYPE;
  }
  return h;
}

/**
 * POSTs with the session's CSRF token. A token refused as stale (this browser signed in again in another tab, which
 * replaced the cookie) is fetched anew from /console/session and the call made once more.
 */
async function post(path, request) {
  const send = () => fetch(path, { method: 'POST', credentials: 'same-origin', headers: headers(true),
    body: JSON.stringify(request || {}) });
  let response = await send();
  if (response.status === 403 && response.headers.get('x-amzn-ErrorType')?.startsWith('InvalidSignature')
      && session && await resumeSession()) {
    response = await send();
  }
  if (!response.ok) {
    throw await failure(response);
  }
  return response;
}

/** POSTs `request` to a KVS API path; resolves to the JSON answer ({} when empty). */
export async function kvs(path, request) {
  const text = await (await post(path, request)).text();
  return text ? JSON.parse(text) : {};
}

/** POSTs to a KVS API path that answers bytes (GetClip); resolves to a Blob. */
export async function kvsBlob(path, request) {
  return (await post(path, request)).blob();
}

/** GETs one of the console's own figures (/console/live, /console/server). */
export async function figures(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (!response.ok) {
    throw await failure(response);
  }
  return response.json();
}

/** Every page of a KVS List* call: `field` names the array, NextToken is followed. */
export async function listAll(path, request, field) {
  const items = [];
  let token;
  do {
    const answer = await kvs(path, token ? { ...request, NextToken: token } : request);
    items.push(...(answer[field] || []));
    token = answer.NextToken;
  } while (token);
  return items;
}
