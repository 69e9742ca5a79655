// The trace list: filters (kept in the address so a view can be shared), keyset paging with the
// API's cursor, relative ages, and in-flight traces refreshed by polling.
'use strict';

(() => {
  const { el, clear, getJson, showMessage, statusBadge, status, parseTime, nanosBetween, formatNanos, relativeAge } = Viewer;
  const FILTERS = ['flow', 'status', 'actor', 'since', 'until'];
  const PAGE = 50;
  const rows = document.getElementById('rows');
  const form = document.getElementById('filters');
  const more = document.getElementById('more');
  const newest = document.getElementById('first');
  const info = document.getElementById('page-info');

  // Cursors of the pages before the one shown: "Newer" pops one.
  let cursors = [];
  let current = null;
  let next = null;
  let pollTimer = null;
  let flowsLoaded = false;

  function filtersFromAddress() {
    const params = new URLSearchParams(window.location.search);
    for (const name of FILTERS) {
      const input = form.elements[name];
      input.value = params.get(name) || '';
    }
  }

  function filterQuery() {
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = form.elements[name].value.trim();
      if (value) {
        params.set(name, value);
      }
    }
    return params;
  }

  function duration(trace) {
    const start = parseTime(trace.start_time);
    if (trace.end_time === null) {
      return start ? formatNanos((Date.now() - start.ms) * 1e6) + '…' : '…';
    }
    const end = parseTime(trace.end_time);
    return start && end ? formatNanos(nanosBetween(start, end)) : '–';
  }

  function row(trace) {
    const link = el('a', { href: '/traces/' + encodeURIComponent(trace.trace_id), className: 'flow-link', text: trace.flow_id });
    const started = el('td', { className: 'age', title: trace.start_time, text: relativeAge(trace.start_time) });
    const flowCell = el('td', { className: 'flow' }, link);
    if (trace.in_flight) {
      flowCell.append(' ', el('span', { className: 'live', title: 'in flight: events are still arriving', text: '● in flight' }));
    }
    const s = status(trace.status);
    const tr = el('tr', {
      className: 'trace-row' + (trace.in_flight ? ' in-flight' : '') + (s.kind === 'Failed' ? ' failed' : ''),
      'data-trace-id': trace.trace_id,
    },
    started,
    flowCell,
    el('td', null, statusBadge(trace.status)),
    el('td', { className: 'num', text: duration(trace) }),
    el('td', { className: 'num', text: String(trace.event_count) }),
    el('td', { className: 'actor', text: trace.failed_actor === null ? '' : trace.failed_actor }),
    el('td', { className: 'mono id', title: trace.trace_id, text: trace.trace_id.substring(0, 8) }));
    return tr;
  }

  async function load(after, quiet) {
    const params = filterQuery();
    params.set('limit', String(PAGE));
    if (after) {
      params.set('after', after);
    }
    let page;
    try {
      page = await getJson('/api/traces?' + params.toString());
    } catch (e) {
      showMessage(e.message, e);
      return;
    }
    showMessage(null);
    current = after;
    next = page.next;
    clear(rows);
    if (page.traces.length === 0) {
      rows.append(el('tr', { className: 'empty' }, el('td', { colspan: 7, text: 'No traces match.' })));
    }
    for (const trace of page.traces) {
      rows.append(row(trace));
    }
    more.disabled = next === null;
    newest.disabled = current === null;
    info.textContent = (cursors.length * PAGE + 1) + '–' + (cursors.length * PAGE + page.traces.length)
        + (next === null ? '' : ' of more');
    schedulePoll(page.traces.some((t) => t.in_flight));
    if (!quiet) {
      loadStats();
    }
  }

  // Polling: every 3 s while an in-flight trace is shown, every 15 s on the first page otherwise.
  function schedulePoll(anyLive) {
    clearTimeout(pollTimer);
    if (anyLive || current === null) {
      pollTimer = setTimeout(() => load(current, true), anyLive ? 3000 : 15000);
    }
  }

  async function loadStats() {
    try {
      const stats = await getJson('/api/stats');
      const parts = [stats.total_traces + ' traces', stats.backend];
      if (stats.in_flight !== null) {
        parts.push(stats.in_flight + ' in flight');
      }
      document.getElementById('stats').textContent = parts.join(' · ');
    } catch (ignored) {
      // the list shows the error already
    }
  }

  // Flow ids for the flow field, asked for only when it is used: the API scans the store for them.
  async function loadFlows() {
    if (flowsLoaded) {
      return;
    }
    flowsLoaded = true;
    try {
      const flows = await getJson('/api/flows');
      const list = document.getElementById('flow-ids');
      for (const f of flows.flows) {
        list.append(el('option', { value: f.flow_id, label: f.flow_id + ' (' + f.trace_count + ')' }));
      }
    } catch (ignored) {
      flowsLoaded = false;
    }
  }

  function applyFilters(push) {
    cursors = [];
    const params = filterQuery();
    if (push) {
      const search = params.toString();
      history.pushState(null, '', search ? '/?' + search : '/');
    }
    load(null);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    applyFilters(true);
  });
  form.elements.status.addEventListener('change', () => applyFilters(true));
  document.getElementById('clear').addEventListener('click', () => {
    for (const name of FILTERS) {
      form.elements[name].value = '';
    }
    applyFilters(true);
  });
  form.elements.flow.addEventListener('focus', loadFlows);
  more.addEventListener('click', () => {
    if (next !== null) {
      cursors.push(current);
      load(next);
    }
  });
  newest.addEventListener('click', () => {
    cursors = [];
    load(null);
  });
  window.addEventListener('popstate', () => {
    filtersFromAddress();
    applyFilters(false);
  });
  // Relative ages move on without a reload.
  setInterval(() => {
    for (const cell of rows.querySelectorAll('td.age')) {
      cell.textContent = relativeAge(cell.getAttribute('title'));
    }
  }, 10000);

  filtersFromAddress();
  load(null);
})();
