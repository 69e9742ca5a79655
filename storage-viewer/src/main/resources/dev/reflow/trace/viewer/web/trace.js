// The trace page: a waterfall of the events nested by causality.parent_event_id (rows are
// virtualised, so 10,000 events scroll smoothly), the actor graph of DataFlow edges, a detail
// pane per event and downloads of the Reflow JSON and the OTLP JSON.
'use strict';

(() => {
  const { el, clear, get, showMessage, status, statusBadge, parseTime, nanosBetween, formatNanos, relativeAge, download } = Viewer;
  const ROW_HEIGHT = 22;
  const OVERSCAN = 10;
  const MAX_GRAPH_ACTORS = 60;
  const MAX_INDENT = 16;
  const EVENT_TYPES = ['ActorCreated', 'ActorStarted', 'ActorCompleted', 'ActorFailed', 'MessageSent',
    'MessageReceived', 'StateChanged', 'PortConnected', 'PortDisconnected', 'DataFlow', 'NetworkEvent'];

  const traceId = decodeURIComponent(window.location.pathname.substring('/traces/'.length));
  const scroll = document.getElementById('wf-scroll');
  const space = document.getElementById('wf-space');
  const rowsBox = document.getElementById('wf-rows');

  let model = null;       // {trace, rows, spanNs, failedActor}
  let rawBytes = null;    // the Reflow JSON as served, for the download
  let selected = null;    // event_id of the event in the detail pane
  let pollTimer = null;

  /** The variant name of an event type ("MessageSent", or "DataFlow" for {"DataFlow":{…}}). */
  function typeName(type) {
    return typeof type === 'string' ? type : (type && typeof type === 'object' ? Object.keys(type)[0] : 'Unknown');
  }

  function typeClass(type) {
    const name = typeName(type);
    return EVENT_TYPES.includes(name) ? 't-' + name : 't-Unknown';
  }

  function isFailure(event) {
    return typeName(event.event_type) === 'ActorFailed' || (event.data && event.data.error !== null && event.data.error !== undefined);
  }

  function executionNs(event) {
    const m = event.data && event.data.performance_metrics;
    return m && typeof m.execution_time_ns === 'number' ? m.execution_time_ns : null;
  }

  /** Rows in display order: the root (the trace), then each event under its parent, by time. */
  function buildModel(trace) {
    const start = parseTime(trace.start_time);
    const byId = new Map();
    for (const e of trace.events) {
      byId.set(e.event_id, { event: e, children: [], offsetNs: nanosBetween(start, parseTime(e.timestamp) || start) });
    }
    const top = [];
    for (const node of byId.values()) {
      const parentId = node.event.causality ? node.event.causality.parent_event_id : null;
      const parent = parentId && parentId !== node.event.event_id ? byId.get(parentId) : null;
      (parent ? parent.children : top).push(node);
    }
    const byTime = (a, b) => a.offsetNs - b.offsetNs;
    const rows = [{ root: true, depth: 0, offsetNs: 0 }];
    let spanNs = trace.end_time ? nanosBetween(start, parseTime(trace.end_time)) : 0;
    // Iterative depth-first walk: deep causality chains must not overflow the stack.
    const stack = top.sort(byTime).reverse().map((n) => [n, 1]);
    const seen = new Set();
    while (stack.length) {
      const [node, depth] = stack.pop();
      if (seen.has(node.event.event_id)) {
        continue;
      }
      seen.add(node.event.event_id);
      const durationNs = executionNs(node.event);
      rows.push({ root: false, depth, node, offsetNs: node.offsetNs, durationNs });
      spanNs = Math.max(spanNs, node.offsetNs + (durationNs || 0));
      node.children.sort(byTime);
      for (let i = node.children.length - 1; i >= 0; i--) {
        stack.push([node.children[i], depth + 1]);
      }
    }
    // Events in a parent cycle are never reached from the top: list them at the end, flat.
    for (const node of byId.values()) {
      if (!seen.has(node.event.event_id)) {
        rows.push({ root: false, depth: 1, node, offsetNs: node.offsetNs, durationNs: executionNs(node.event) });
      }
    }
    rows[0].durationNs = spanNs;
    const failing = trace.events.find((e) => typeName(e.event_type) === 'ActorFailed') || trace.events.find(isFailure);
    return { trace, rows, spanNs: Math.max(spanNs, 1), failing: failing || null };
  }

  function renderSummary() {
    const { trace, failing } = model;
    const box = document.getElementById('summary');
    clear(box);
    document.getElementById('title').textContent = trace.flow_id;
    document.title = trace.flow_id + ' · Reflow trace';
    const s = status(trace.status);
    const facts = el('dl', { className: 'facts' },
      el('dt', { text: 'Status' }), el('dd', null, statusBadge(trace.status),
        trace.end_time === null ? el('span', { className: 'live', text: ' ● in flight' }) : null),
      el('dt', { text: 'Started' }), el('dd', { title: trace.start_time, text: trace.start_time + ' (' + relativeAge(trace.start_time) + ')' }),
      el('dt', { text: 'Duration' }), el('dd', { text: trace.end_time === null ? 'running' : formatNanos(model.spanNs) }),
      el('dt', { text: 'Events' }), el('dd', { text: String(trace.events.length) }),
      el('dt', { text: 'Trace id' }), el('dd', { className: 'mono', text: trace.trace_id }),
      el('dt', { text: 'Execution' }), el('dd', { className: 'mono', text: trace.execution_id }),
      el('dt', { text: 'Version' }), el('dd', { text: trace.version.major + '.' + trace.version.minor + '.' + trace.version.patch
        + (trace.version.git_hash ? ' (' + trace.version.git_hash.substring(0, 12) + ')' : '') }),
      el('dt', { text: 'Host' }), el('dd', { text: trace.metadata.hostname + ' · ' + trace.metadata.environment }));
    box.append(facts);
    if (s.kind === 'Failed' || failing) {
      const alert = el('div', { className: 'failure', id: 'failure' },
        el('strong', { text: 'Failed' + (failing ? ' at actor ' : '') }),
        failing ? el('span', { className: 'failed-actor', text: failing.actor_id }) : null,
        el('div', { className: 'error-text', text: (failing && failing.data.error) || s.error || '' }));
      if (failing) {
        alert.append(el('button', { type: 'button', text: 'Show event', onclick: () => select(failing.event_id, true) }));
      }
      box.append(alert);
    }
    const legend = document.getElementById('legend');
    clear(legend);
    const present = new Set(trace.events.map((e) => typeName(e.event_type)));
    for (const name of EVENT_TYPES) {
      if (present.has(name)) {
        legend.append(el('span', { className: 'chip' }, el('span', { className: 'swatch t-' + name }), name));
      }
    }
  }

  function renderAxis() {
    const axis = document.getElementById('axis');
    clear(axis);
    for (const f of [0, 0.25, 0.5, 0.75, 1]) {
      const tick = el('span', { className: 'tick', text: formatNanos(model.spanNs * f) });
      tick.style.left = (f * 100) + '%';
      axis.append(tick);
    }
  }

  function rowLabel(row) {
    if (row.root) {
      return [el('span', { className: 'type', text: 'trace' }), ' ', el('span', { className: 'actor', text: model.trace.flow_id })];
    }
    const e = row.node.event;
    const name = typeName(e.event_type);
    const parts = [el('span', { className: 'type', text: name }), ' ', el('span', { className: 'actor', text: e.actor_id })];
    if (name === 'DataFlow') {
      parts.push(el('span', { className: 'muted', text: ' → ' + e.event_type.DataFlow.to_actor + ':' + e.event_type.DataFlow.to_port }));
    }
    return parts;
  }

  /** Draws the rows in view (and a few around them); the rest exist only as scroll height. */
  function renderRows() {
    const rows = model.rows;
    space.style.height = (rows.length * ROW_HEIGHT) + 'px';
    rowsBox.setAttribute('data-row-count', String(rows.length));
    const first = Math.max(0, Math.floor(scroll.scrollTop / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((scroll.scrollTop + scroll.clientHeight) / ROW_HEIGHT) + OVERSCAN);
    rowsBox.style.transform = 'translateY(' + (first * ROW_HEIGHT) + 'px)';
    clear(rowsBox);
    const failedActor = model.failing ? model.failing.actor_id : null;
    for (let i = first; i < last; i++) {
      const row = rows[i];
      const e = row.root ? null : row.node.event;
      const failed = e !== null && isFailure(e);
      const classes = ['wf-row', row.root ? 't-root' : typeClass(e.event_type)];
      if (failed) {
        classes.push('failed');
      }
      if (e !== null && failedActor !== null && e.actor_id === failedActor) {
        classes.push('failing-actor');
      }
      if (e !== null && e.event_id === selected) {
        classes.push('selected');
      }
      const label = el('div', { className: 'wf-label', title: row.root ? model.trace.flow_id : e.actor_id }, ...rowLabel(row));
      // Indentation stops at MAX_INDENT levels so that the label stays readable; deeper rows say their depth.
      if (row.depth > MAX_INDENT) {
        label.prepend(el('span', { className: 'depth', title: 'nesting depth', text: row.depth + ' ' }));
      }
      label.style.paddingLeft = (6 + Math.min(row.depth, MAX_INDENT) * 12) + 'px';
      const bar = el('div', { className: 'wf-bar' + (row.durationNs === null ? ' instant' : ''),
        title: row.root ? 'trace: ' + formatNanos(row.durationNs) : typeName(e.event_type) + ' · ' + formatNanos(row.durationNs) });
      bar.style.left = (100 * row.offsetNs / model.spanNs) + '%';
      bar.style.width = row.durationNs ? Math.max(0.15, 100 * row.durationNs / model.spanNs) + '%' : '2px';
      const track = el('div', { className: 'wf-track' }, bar);
      if (failed) {
        track.append(el('span', { className: 'fail-mark', title: e.data.error || 'ActorFailed', text: '✖' }));
      }
      const div = el('div', {
        className: classes.join(' '),
        'data-event-id': row.root ? null : e.event_id,
        'data-root': row.root ? 'true' : null,
        'data-failed': failed ? 'true' : null,
      }, label, el('div', { className: 'wf-duration', text: row.durationNs === null ? '' : formatNanos(row.durationNs) }), track);
      if (!row.root) {
        div.addEventListener('click', () => select(e.event_id, false));
      }
      rowsBox.append(div);
    }
  }

  function kv(dl, name, value, mono) {
    if (value === null || value === undefined || value === '') {
      return;
    }
    dl.append(el('dt', { text: name }), el('dd', { className: mono ? 'mono' : null, text: String(value) }));
  }

  /** Captured content as text: UTF-8 JSON, pretty-printed when it parses. */
  function decodedContent(message) {
    if (!message.serialized_data || message.serialized_data.length === 0) {
      return null;
    }
    if (message.content_codec !== 'none') {
      return '(' + message.serialized_data.length + ' bytes, ' + message.content_codec + '-compressed: not decoded here)';
    }
    const text = new TextDecoder('utf-8').decode(new Uint8Array(message.serialized_data));
    try {
      return JSON.stringify(JSON.parse(text), null, 2);
    } catch (ignored) {
      return text;
    }
  }

  function renderDetail() {
    const box = document.getElementById('detail');
    clear(box);
    const row = model.rows.find((r) => !r.root && r.node.event.event_id === selected);
    if (!row) {
      box.append(el('p', { className: 'muted', text: 'Select a bar to see the event.' }));
      return;
    }
    const e = row.node.event;
    const d = e.data || {};
    const dl = el('dl', { className: 'facts' });
    kv(dl, 'Type', typeName(e.event_type));
    if (typeName(e.event_type) === 'DataFlow') {
      kv(dl, 'To', e.event_type.DataFlow.to_actor + ' : ' + e.event_type.DataFlow.to_port);
    }
    kv(dl, 'Actor', e.actor_id);
    kv(dl, 'Port', d.port);
    kv(dl, 'Time', e.timestamp + ' (+' + formatNanos(row.offsetNs) + ')');
    kv(dl, 'Event id', e.event_id, true);
    if (e.causality) {
      kv(dl, 'Parent', e.causality.parent_event_id, true);
      kv(dl, 'Root cause', e.causality.root_cause_event_id, true);
      kv(dl, 'Chain', e.causality.dependency_chain.length + ' events');
      kv(dl, 'Span id', e.causality.span_id, true);
    }
    box.append(el('h3', { className: 'detail-title' }, el('span', { className: 'swatch ' + typeClass(e.event_type) }),
      typeName(e.event_type) + ' · ', el('span', { text: e.actor_id })), dl);
    if (d.error !== null && d.error !== undefined) {
      box.append(el('div', { className: 'failure' }, el('strong', { text: 'Error' }), el('div', { className: 'error-text', text: d.error })));
    }
    if (d.message) {
      const m = d.message;
      const mdl = el('dl', { className: 'facts' });
      kv(mdl, 'Type', m.message_type);
      kv(mdl, 'Size', m.size_bytes + ' bytes');
      kv(mdl, 'Checksum', m.checksum || '(not computed)', true);
      kv(mdl, 'Codec', m.content_codec);
      kv(mdl, 'Format', m.content_format_version);
      kv(mdl, 'Stored', m.stored_bytes === null ? null : m.stored_bytes + ' bytes');
      box.append(el('h4', { text: 'Message' }), mdl);
      const content = decodedContent(m);
      if (content !== null) {
        box.append(el('h4', { text: 'Captured content' }), el('pre', { className: 'content', text: content }));
      }
    }
    if (d.state_diff) {
      const sdl = el('dl', { className: 'facts' });
      kv(sdl, 'Kind', d.state_diff.diff_type);
      kv(sdl, 'Before', d.state_diff.before === null ? 'none' : d.state_diff.before.length + ' bytes');
      kv(sdl, 'After', d.state_diff.after.length + ' bytes');
      box.append(el('h4', { text: 'State change' }), sdl);
    }
    const metrics = d.performance_metrics || {};
    const mt = el('dl', { className: 'facts' });
    kv(mt, 'Execution', metrics.execution_time_ns === null || metrics.execution_time_ns === undefined ? 'unmeasured' : formatNanos(metrics.execution_time_ns));
    kv(mt, 'Memory', metrics.memory_usage_bytes === null || metrics.memory_usage_bytes === undefined ? null : metrics.memory_usage_bytes + ' bytes');
    kv(mt, 'CPU', metrics.cpu_usage_percent === null || metrics.cpu_usage_percent === undefined ? null : metrics.cpu_usage_percent + ' %');
    kv(mt, 'Queue depth', metrics.queue_depth);
    kv(mt, 'Throughput', metrics.throughput_msgs_per_sec === null || metrics.throughput_msgs_per_sec === undefined ? null : metrics.throughput_msgs_per_sec + ' msg/s');
    box.append(el('h4', { text: 'Metrics' }), mt);
    if (d.custom_attributes && Object.keys(d.custom_attributes).length > 0) {
      box.append(el('h4', { text: 'Custom attributes' }),
        el('pre', { className: 'content', text: JSON.stringify(d.custom_attributes, null, 2) }));
    }
  }

  function select(eventId, scrollTo) {
    selected = eventId;
    if (scrollTo) {
      const index = model.rows.findIndex((r) => !r.root && r.node.event.event_id === eventId);
      if (index >= 0) {
        scroll.scrollTop = Math.max(0, index * ROW_HEIGHT - scroll.clientHeight / 2);
      }
    }
    renderRows();
    renderDetail();
  }

  const SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      node.setAttribute(k, String(v));
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  /** Actors left to right by how far downstream they are; DataFlow edges labelled with their counts. */
  function renderGraph() {
    const box = document.getElementById('graph');
    clear(box);
    const actors = [];
    const index = new Map();
    const add = (a) => {
      if (!index.has(a)) {
        index.set(a, actors.length);
        actors.push(a);
      }
    };
    const edges = new Map();
    for (const e of model.trace.events) {
      add(e.actor_id);
      if (typeName(e.event_type) === 'DataFlow') {
        const to = e.event_type.DataFlow.to_actor;
        add(to);
        const key = e.actor_id + '\u0000' + to;
        const edge = edges.get(key) || { from: e.actor_id, to, count: 0 };
        edge.count++;
        edges.set(key, edge);
      }
    }
    if (actors.length === 0) {
      box.append(el('p', { className: 'muted', text: 'No events yet.' }));
      return;
    }
    if (actors.length > MAX_GRAPH_ACTORS) {
      box.append(el('p', { className: 'muted', text: actors.length + ' actors: too many to draw; the waterfall lists them all.' }));
      return;
    }
    // Layer = longest path from a source (bounded by the number of actors, so cycles end).
    const layer = new Map(actors.map((a) => [a, 0]));
    for (let pass = 0; pass < actors.length; pass++) {
      let changed = false;
      for (const edge of edges.values()) {
        if (edge.from !== edge.to && layer.get(edge.to) < layer.get(edge.from) + 1 && layer.get(edge.from) + 1 < actors.length) {
          layer.set(edge.to, layer.get(edge.from) + 1);
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    const columns = [];
    for (const a of actors) {
      (columns[layer.get(a)] = columns[layer.get(a)] || []).push(a);
    }
    const W = 170;
    const H = 56;
    const boxW = 130;
    const boxH = 30;
    const pos = new Map();
    let maxRows = 1;
    columns.forEach((col, x) => {
      (col || []).forEach((a, y) => pos.set(a, { x: 10 + x * W, y: 10 + y * H }));
      maxRows = Math.max(maxRows, (col || []).length);
    });
    const width = 20 + columns.length * W;
    const height = 20 + maxRows * H;
    const root = svg('svg', { width, height, viewBox: '0 0 ' + width + ' ' + height, class: 'actor-graph', role: 'img' });
    const defs = svg('defs');
    const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
    marker.append(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }));
    defs.append(marker);
    root.append(defs);
    for (const edge of edges.values()) {
      const a = pos.get(edge.from);
      const b = pos.get(edge.to);
      const g = svg('g', { class: 'edge' });
      let labelX;
      let labelY;
      if (edge.from === edge.to) {
        g.append(svg('path', { d: `M ${a.x + boxW - 20} ${a.y} C ${a.x + boxW} ${a.y - 25}, ${a.x + boxW + 20} ${a.y}, ${a.x + boxW} ${a.y + 8}`, 'marker-end': 'url(#arrow)' }));
        labelX = a.x + boxW + 4;
        labelY = a.y - 8;
      } else {
        const x1 = a.x + boxW;
        const y1 = a.y + boxH / 2;
        const x2 = b.x;
        const y2 = b.y + boxH / 2;
        const back = x2 <= x1;
        const d = back
          ? `M ${a.x + boxW / 2} ${a.y + boxH} C ${a.x + boxW / 2} ${a.y + boxH + 30}, ${b.x + boxW / 2} ${b.y + boxH + 30}, ${b.x + boxW / 2} ${b.y + boxH}`
          : `M ${x1} ${y1} C ${x1 + 30} ${y1}, ${x2 - 30} ${y2}, ${x2} ${y2}`;
        g.append(svg('path', { d, 'marker-end': 'url(#arrow)' }));
        labelX = back ? (a.x + b.x + boxW) / 2 : (x1 + x2) / 2;
        labelY = back ? Math.max(a.y, b.y) + boxH + 24 : (y1 + y2) / 2 - 4;
      }
      g.append(svg('text', { x: labelX, y: labelY, class: 'edge-label', 'text-anchor': 'middle' }, '×' + edge.count));
      g.append(svg('title', {}, edge.from + ' → ' + edge.to + ': ' + edge.count + ' DataFlow events'));
      root.append(g);
    }
    const failedActor = model.failing ? model.failing.actor_id : null;
    for (const a of actors) {
      const p = pos.get(a);
      const g = svg('g', { class: 'node' + (a === failedActor ? ' failed' : ''), 'data-actor': a });
      g.append(svg('rect', { x: p.x, y: p.y, width: boxW, height: boxH, rx: 5 }));
      const label = a.length > 18 ? a.substring(0, 17) + '…' : a;
      g.append(svg('text', { x: p.x + boxW / 2, y: p.y + boxH / 2 + 4, 'text-anchor': 'middle' }, label));
      g.append(svg('title', {}, a));
      root.append(g);
    }
    box.append(root);
  }

  async function load(first) {
    let response;
    try {
      response = await get('/api/traces/' + encodeURIComponent(traceId));
      rawBytes = await response.arrayBuffer();
    } catch (e) {
      showMessage(e.status === 404 ? 'No trace with id ' + traceId + '.' : e.message, e);
      return;
    }
    showMessage(null);
    const trace = JSON.parse(new TextDecoder('utf-8').decode(rawBytes));
    model = buildModel(trace);
    renderSummary();
    renderAxis();
    renderRows();
    renderGraph();
    renderDetail();
    document.getElementById('download-reflow').disabled = false;
    document.getElementById('download-otlp').disabled = false;
    if (first && model.failing) {
      select(model.failing.event_id, true);
    }
    // An in-flight trace is re-read every 3 s until it ends.
    clearTimeout(pollTimer);
    if (trace.end_time === null) {
      pollTimer = setTimeout(() => load(false), 3000);
    }
  }

  let scheduled = false;
  scroll.addEventListener('scroll', () => {
    if (!scheduled && model) {
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        renderRows();
      });
    }
  });
  window.addEventListener('resize', () => model && renderRows());
  document.getElementById('download-reflow').addEventListener('click', () => {
    download(traceId + '.json', new Blob([rawBytes], { type: 'application/json' }));
  });
  document.getElementById('download-otlp').addEventListener('click', async () => {
    try {
      const response = await get('/api/traces/' + encodeURIComponent(traceId) + '/otlp');
      download(traceId + '.otlp.json', await response.blob());
    } catch (e) {
      showMessage(e.message, e);
    }
  });
  load(true);
})();
