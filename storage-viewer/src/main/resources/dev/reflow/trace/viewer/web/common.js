// Shared by the list and the trace page. Every string that comes from a trace is untrusted: it is
// only ever put into the page as text (textContent, attribute values), never parsed as HTML.
'use strict';

const Viewer = (() => {
  const TOKEN_KEY = 'reflow-viewer-token';

  // A token passed as ?token=… is kept for this tab and taken out of the address bar.
  (function captureToken() {
    const url = new URL(window.location.href);
    const token = url.searchParams.get('token');
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
      url.searchParams.delete('token');
      history.replaceState(null, '', url.pathname + url.search + url.hash);
    }
  })();

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  function headers() {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return token ? { Authorization: 'Bearer ' + token } : {};
  }

  /** GETs an API path; resolves to the Response, or rejects with an ApiError carrying the API's message. */
  async function get(path) {
    const response = await fetch(path, { headers: headers(), cache: 'no-store' });
    if (!response.ok) {
      let code = 'http_' + response.status;
      let message = response.status + ' ' + response.statusText;
      try {
        const body = await response.json();
        if (body && body.error) {
          code = body.error.code;
          message = body.error.message;
        }
      } catch (ignored) {
        // not JSON: keep the status line
      }
      throw new ApiError(response.status, code, message);
    }
    return response;
  }

  async function getJson(path) {
    return (await get(path)).json();
  }

  /** Creates an element; children are nodes or strings (added as text). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [name, value] of Object.entries(attrs)) {
        if (value === null || value === undefined || value === false) {
          continue;
        }
        if (name === 'className') {
          node.className = value;
        } else if (name === 'text') {
          node.textContent = value;
        } else if (name.startsWith('on')) {
          node.addEventListener(name.substring(2), value);
        } else {
          node.setAttribute(name, value === true ? '' : String(value));
        }
      }
    }
    for (const child of children) {
      if (child === null || child === undefined) {
        continue;
      }
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  /** Shows an error (or hides the message when text is null); a 401 offers a token field. */
  function showMessage(text, error) {
    const box = document.getElementById('message');
    clear(box);
    if (text === null) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    box.className = 'message' + (error ? ' error' : '');
    box.append(el('span', { text }));
    if (error && error.status === 401) {
      const input = el('input', { type: 'password', id: 'token-input', placeholder: 'auth token', autocomplete: 'off' });
      const form = el('form', { className: 'token-form' }, input, el('button', { type: 'submit', text: 'Use token' }));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        sessionStorage.setItem(TOKEN_KEY, input.value);
        window.location.reload();
      });
      box.append(form);
    }
  }

  /** A Reflow status ("Completed" or {"Failed":{"error":…}}) as {kind, error}. */
  function status(value) {
    if (typeof value === 'string') {
      return { kind: value, error: null };
    }
    if (value && typeof value === 'object') {
      const kind = Object.keys(value)[0] || 'Unknown';
      const inner = value[kind];
      return { kind, error: inner && typeof inner.error === 'string' ? inner.error : null };
    }
    return { kind: 'Unknown', error: null };
  }

  const KNOWN_STATUS = ['Pending', 'Running', 'Completed', 'Failed', 'Cancelled'];

  function statusBadge(value) {
    const s = status(value);
    const kind = KNOWN_STATUS.includes(s.kind) ? s.kind : 'Unknown';
    return el('span', { className: 'badge s-' + kind, title: s.error === null ? null : s.error, text: s.kind });
  }

  /**
   * An RFC 3339 timestamp as [epoch milliseconds, nanoseconds within that millisecond], keeping
   * the nanoseconds Date drops.
   */
  function parseTime(text) {
    const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text || '');
    if (!m) {
      return null;
    }
    const seconds = Date.parse(m[1] + m[3].replace('Z', '+00:00'));
    const fraction = ((m[2] || '') + '000000000').substring(0, 9);
    return { ms: seconds + Number(fraction.substring(0, 3)), subMsNanos: Number(fraction.substring(3)) };
  }

  /** Nanoseconds from a to b (both parseTime results). */
  function nanosBetween(a, b) {
    return (b.ms - a.ms) * 1e6 + (b.subMsNanos - a.subMsNanos);
  }

  function formatNanos(ns) {
    if (ns === null || ns === undefined || Number.isNaN(ns)) {
      return '–';
    }
    const abs = Math.abs(ns);
    if (abs < 1e3) {
      return Math.round(ns) + ' ns';
    }
    if (abs < 1e6) {
      return (ns / 1e3).toFixed(abs < 1e4 ? 1 : 0) + ' µs';
    }
    if (abs < 1e9) {
      return (ns / 1e6).toFixed(abs < 1e7 ? 2 : 1) + ' ms';
    }
    if (abs < 60e9) {
      return (ns / 1e9).toFixed(2) + ' s';
    }
    const s = Math.round(ns / 1e9);
    return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
  }

  /** "45s ago", "3m ago", "2h ago", "5d ago"; in the future, "in 3m". */
  function relativeAge(text, now) {
    const t = parseTime(text);
    if (!t) {
      return text;
    }
    let seconds = Math.round(((now || Date.now()) - t.ms) / 1000);
    const future = seconds < 0;
    seconds = Math.abs(seconds);
    let value;
    if (seconds < 60) {
      value = seconds + 's';
    } else if (seconds < 3600) {
      value = Math.floor(seconds / 60) + 'm';
    } else if (seconds < 86400) {
      value = Math.floor(seconds / 3600) + 'h';
    } else if (seconds < 86400 * 60) {
      value = Math.floor(seconds / 86400) + 'd';
    } else if (seconds < 86400 * 730) {
      value = Math.floor(seconds / (86400 * 30)) + 'mo';
    } else {
      value = Math.floor(seconds / (86400 * 365)) + 'y';
    }
    return future ? 'in ' + value : value + ' ago';
  }

  /** Saves bytes or text as a file. */
  function download(filename, blob) {
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  return {
    get, getJson, el, clear, showMessage, status, statusBadge, parseTime, nanosBetween, formatNanos,
    relativeAge, download, ApiError,
  };
})();
