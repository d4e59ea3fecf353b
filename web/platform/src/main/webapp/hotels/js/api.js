// What every booking page shares: the logged-in user, calls to the API, and the error box.
//
// Authentication: the login form trades the password, once, for a bearer token (POST /v1/auth/token);
// only the token lives in sessionStorage (this tab only, gone when it closes) and travels in an
// explicit Authorization header. Requests
// are sent with credentials 'omit': the browser then never shows its own Basic login dialog on a
// 401, and never sends credentials it cached for the origin; the page's login form is the only one.

const AUTH_KEY = 'reckon.hotels.auth';
const USER_KEY = 'reckon.hotels.user';

/** An answer of the API that is not 2xx; problem is its problem+json body, when it has one. */
export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
    this.status = status;
    this.problem = problem;
  }
}

/**
 * A URL the PSP supplied (a hosted payment page), or null: only http(s) URLs are followed, never
 * javascript:, data: or anything else a compromised or confused PSP answer could carry.
 */
export function pspUrl(value) {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value); // absolute only: a PSP page is never relative to Reckon's
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch (e) {
    return null;
  }
}

export function currentUser() {
  return sessionStorage.getItem(USER_KEY);
}

function authorization() {
  const token = sessionStorage.getItem(AUTH_KEY);
  return token ? { Authorization: 'Bearer ' + token } : {};
}

function basicToken(username, password) {
  // btoa takes Latin-1 only; encode UTF-8 first so any password works.
  const bytes = new TextEncoder().encode(username + ':' + password);
  let binary = '';
  bytes.forEach(b => { binary += String.fromCharCode(b); });
  return btoa(binary);
}

/**
 * Calls the API and answers the parsed JSON body (null when there is none). Any non-2xx answer
 * throws an ApiError carrying the problem details.
 */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json, application/problem+json', ...authorization() };
  const init = { method, headers, credentials: 'omit', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch (notJson) { data = null; }
  }
  if (!response.ok) {
    throw new ApiError(response.status, data && typeof data === 'object' ? data : null);
  }
  return data;
}

/** Builds a query string from the parameters that have a value. */
export function query(params) {
  const search = new URLSearchParams();
  Object.entries(params).forEach(([name, value]) => {
    if (value !== undefined && value !== null && value !== '') search.set(name, value);
  });
  const text = search.toString();
  return text ? '?' + text : '';
}

/**
 * Logs in once: the password goes to POST /v1/auth/token (Basic, this one request) and only the
 * bearer token it answers is kept (sessionStorage, this tab; it expires after 15 minutes, and the
 * page then asks to log in again). The password is never stored.
 */
export async function login(username, password) {
  const response = await fetch('/v1/auth/token', {
    method: 'POST',
    headers: { Accept: 'application/json', Authorization: 'Basic ' + basicToken(username, password) },
    credentials: 'omit', cache: 'no-store'
  });
  if (response.status === 401) {
    throw new ApiError(401, { title: 'Wrong username or password', detail: 'Check them and try again.' });
  }
  if (!response.ok) {
    let problem = null;
    try { problem = await response.json(); } catch (e) { problem = null; }
    throw new ApiError(response.status, problem);
  }
  const issued = await response.json();
  sessionStorage.setItem(AUTH_KEY, issued.access_token);
  sessionStorage.setItem(USER_KEY, username);
}

export function logout() {
  sessionStorage.removeItem(AUTH_KEY);
  sessionStorage.removeItem(USER_KEY);
}

export function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
}
/** Shows an error in the page's #error box: a problem's title, detail and rejected fields. */
export function showError(error) {
  const box = document.getElementById('error');
  const problem = error instanceof ApiError ? error.problem : null;
  const parts = [];
  if (problem) {
    parts.push(element('p', null));
    parts[0].append(element('strong', problem.title || ('HTTP ' + error.status)));
    if (problem.detail && problem.detail !== problem.title) parts.push(element('p', problem.detail, 'problem-detail'));
    if (Array.isArray(problem.violations) && problem.violations.length > 0) {
      const list = element('ul', null, 'violations');
      problem.violations.forEach(v => {
        const item = element('li', null, 'violation');
        item.dataset.field = v.field;
        item.append(element('code', v.field), document.createTextNode(': ' + v.message));
        list.append(item);
      });
      parts.push(list);
    }
    if (problem.error_id) parts.push(element('p', 'Error id: ' + problem.error_id, 'muted'));
  } else if (error instanceof ApiError) {
    parts.push(element('p', 'The server answered HTTP ' + error.status + '.'));
  } else if (error instanceof TypeError) {
    parts.push(element('p', 'Cannot reach Reckon: ' + error.message));
  } else {
    parts.push(element('p', error && error.message ? error.message : String(error)));
  }
  box.replaceChildren(...parts);
  box.classList.remove('hidden');
  box.scrollIntoView({ block: 'nearest' });
}

export function clearError() {
  const box = document.getElementById('error');
  box.replaceChildren();
  box.classList.add('hidden');
}

/**
 * Wires the page's login form (#login-form, #username, #password) and logged-in line (#whoami,
 * #logout-button). onChange runs now and after every login or logout, with the user or null.
 */
export function mountSession(onChange) {
  const form = document.getElementById('login-form');
  const loggedIn = document.getElementById('logged-in');
  function render() {
    const user = currentUser();
    form.classList.toggle('hidden', !!user);
    loggedIn.classList.toggle('hidden', !user);
    document.getElementById('whoami').textContent = user || '';
    onChange(user);
  }
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearError();
    const button = document.getElementById('login-button');
    button.disabled = true;
    try {
      await login(document.getElementById('username').value.trim(), document.getElementById('password').value);
      document.getElementById('password').value = '';
      render();
    } catch (error) {
      showError(error);
    } finally {
      button.disabled = false;
    }
  });
  document.getElementById('logout-button').addEventListener('click', () => {
    logout();
    clearError();
    render();
  });
  render();
}

export function money(amount, currency) {
  return amount === undefined || amount === null ? '' : amount + ' ' + (currency || '');
}

export function nights(startDate, endDate) {
  const ms = Date.parse(endDate + 'T00:00:00Z') - Date.parse(startDate + 'T00:00:00Z');
  return Math.round(ms / 86400000);
}

export function sleep(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** What a reservation's status means to its guest. */
export const STATUS_TEXT = {
  PENDING: 'Waiting for payment…',
  PAID: 'Confirmed',
  REJECTED: 'Rejected',
  CANCELED: 'Canceled',
  REFUNDED: 'Canceled and refunded'
};
