// The inspector page's script, as text inlined in the page (no network but the mock's own JSON). It builds
// every row with textContent, never innerHTML: bodies are XML and JSON written by the client under test.
// It reads its first filters from the page's query (?asid=…&verdict=failed|passed) so a link can be shared,
// and asks `exchanges.json?after=SEQ` every 2 seconds for new exchanges.
export const INSPECTOR_SCRIPT = `
(() => {
  'use strict';
  const config = JSON.parse(document.getElementById('inspector-data').textContent);
  const byId = (id) => document.getElementById(id);
  const query = new URLSearchParams(location.search);
  const state = {
    exchanges: [],
    lastSeq: 0,
    asid: query.get('asid') || '',
    verdict: ['failed', 'passed'].includes(query.get('verdict')) ? query.get('verdict') : 'all',
  };

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === 'class') node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  const count = (exchange, outcome) => exchange.verdicts.filter((v) => v.outcome === outcome).length;
  function summary(exchange) {
    const failed = count(exchange, 'failed');
    const warnings = count(exchange, 'warning');
    if (exchange.verdicts.length === 0) return { text: 'no rule applied', kind: 'none' };
    if (!failed && !warnings) return { text: 'passed', kind: 'passed' };
    const parts = [];
    if (failed) parts.push(failed + ' failed');
    if (warnings) parts.push(warnings + (warnings === 1 ? ' warning' : ' warnings'));
    return { text: parts.join(', '), kind: failed ? 'failed' : 'warning' };
  }
  const statusText = (r) => (r.dropped ? 'dropped' : r.status + (r.spineCode ? ' ' + r.spineCode : ''));
  const statusKind = (r) => (r.dropped || r.status >= 500 ? 'failed' : r.status >= 400 ? 'warning' : 'passed');
  function timeOf(iso) {
    const at = new Date(iso);
    const two = (n) => String(n).padStart(2, '0');
    return two(at.getHours()) + ':' + two(at.getMinutes()) + ':' + two(at.getSeconds()) + '.' +
      String(at.getMilliseconds()).padStart(3, '0');
  }
  function matches(exchange) {
    if (state.asid && exchange.fromAsid !== state.asid) return false;
    if (state.verdict === 'all') return true;
    return (count(exchange, 'failed') > 0) === (state.verdict === 'failed');
  }

  function headerTable(pairs) {
    if (pairs.length === 0) return el('p', { class: 'muted' }, 'No headers.');
    const body = el('tbody');
    for (const [name, value] of pairs) body.append(el('tr', {}, el('th', { scope: 'row' }, name), el('td', {}, value)));
    return el('table', { class: 'headers' }, body);
  }
  function bodyBlock(message) {
    if (message.body === undefined) return el('p', { class: 'muted' }, 'No body.');
    const note = message.bodyTruncated ? el('p', { class: 'muted' }, 'Body cut to the first 256 KiB.') : null;
    return el('div', {}, el('pre', { class: 'body' }, message.body), note);
  }
  function verdictList(exchange) {
    const section = el('section', { class: 'rules' }, el('h3', {}, 'Client rules'));
    if (exchange.trigger) {
      section.append(el('p', { class: 'trigger-note' }, 'Simulator trigger ' + exchange.trigger.id + ' (' +
        exchange.trigger.outcome + '): the answer was armed by the trigger, not a judgement of the request.'));
    }
    if (exchange.verdicts.length === 0) {
      section.append(el('p', { class: 'muted' }, 'No client rule applied to this request.'));
      return section;
    }
    const list = el('ul', { class: 'verdicts' });
    const order = { failed: 0, warning: 1, passed: 2 };
    const sorted = exchange.verdicts.slice().sort((a, b) => order[a.outcome] - order[b.outcome]);
    for (const verdict of sorted) {
      list.append(el('li', { class: 'verdict ' + verdict.outcome },
        el('span', { class: 'badge ' + verdict.outcome }, verdict.outcome),
        ' ', el('code', {}, verdict.rule), ' ', el('span', { class: 'requirements' }, verdict.requirements.join(', ')),
        el('div', { class: 'detail-text' }, verdict.detail)));
    }
    section.append(list);
    return section;
  }
  function detailRow(exchange) {
    const request = exchange.request;
    const response = exchange.response;
    const requestPart = el('section', {}, el('h3', {}, 'Request'),
      el('p', {}, el('code', {}, request.method + ' ' + request.url)),
      headerTable(request.headers), bodyBlock(request));
    const responsePart = el('section', {}, el('h3', {}, 'Response'),
      el('p', {}, el('code', {}, response.dropped ? 'connection closed without an answer' : statusText(response)),
        ' in ' + exchange.durationMs + ' ms'),
      headerTable(Object.entries(response.headers)), bodyBlock(response));
    const messages = el('div', { class: 'messages' }, requestPart, responsePart);
    const cell = el('td', { colspan: '6' }, verdictList(exchange), messages);
    const row = el('tr', { class: 'detail', id: 'exchange-' + exchange.seq + '-detail' }, cell);
    row.hidden = true;
    return row;
  }
  /** The rules that failed or warned, by id, under the summary: seen without opening the row. */
  function ruleIds(exchange) {
    const ids = exchange.verdicts.filter((v) => v.outcome !== 'passed').map((v) => v.rule);
    return ids.length ? el('div', { class: 'rule-ids' }, ids.join(', ')) : null;
  }
  function exchangeRow(exchange) {
    const verdict = summary(exchange);
    const toggle = el('button', { type: 'button', class: 'toggle', 'aria-expanded': 'false',
      'aria-controls': 'exchange-' + exchange.seq + '-detail',
      title: exchange.request.method + ' ' + exchange.request.url },
      el('span', { class: 'method' }, exchange.request.method), ' ', exchange.request.url);
    const row = el('tr', { class: 'exchange', 'data-seq': String(exchange.seq) },
      el('td', { class: 'time' }, el('time', { datetime: exchange.receivedAt }, timeOf(exchange.receivedAt))),
      el('td', {}, exchange.fromAsid || el('span', { class: 'muted' }, '(none)')),
      el('td', { class: 'request' }, toggle),
      el('td', {}, el('span', { class: 'badge ' + statusKind(exchange.response) }, statusText(exchange.response))),
      el('td', {}, exchange.trigger ? exchange.trigger.id : ''),
      el('td', {}, el('span', { class: 'badge ' + verdict.kind }, verdict.text), ruleIds(exchange)));
    const detail = detailRow(exchange);
    const show = (open) => {
      toggle.setAttribute('aria-expanded', String(open));
      detail.hidden = !open;
    };
    toggle.addEventListener('click', () => show(toggle.getAttribute('aria-expanded') !== 'true'));
    // A link to #exchange-N opens that exchange.
    if (location.hash === '#exchange-' + exchange.seq) show(true);
    return [row, detail];
  }

  function showCount() {
    const shown = state.exchanges.filter(matches).length;
    byId('empty').hidden = shown > 0;
    byId('count').textContent = shown + ' of ' + state.exchanges.length + ' exchanges shown';
  }
  function render() {
    const rows = byId('rows');
    rows.replaceChildren();
    for (const exchange of state.exchanges.filter(matches).reverse()) rows.append(...exchangeRow(exchange));
    showCount();
  }
  function refreshAsids() {
    const select = byId('asid');
    const known = new Set(Array.from(select.options, (option) => option.value));
    const wanted = state.exchanges.map((x) => x.fromAsid).concat(state.asid ? [state.asid] : []);
    for (const asid of wanted) {
      if (known.has(asid)) continue;
      known.add(asid);
      select.append(el('option', { value: asid }, asid || '(no fromASID)'));
    }
    select.value = state.asid;
  }
  function add(exchanges) {
    const rows = byId('rows');
    for (const exchange of exchanges) {
      state.exchanges.push(exchange);
      state.lastSeq = Math.max(state.lastSeq, exchange.seq);
      if (matches(exchange)) rows.prepend(...exchangeRow(exchange));
    }
    while (state.exchanges.length > config.capacity) {
      const gone = state.exchanges.shift();
      const selector = '[data-seq="' + gone.seq + '"], #exchange-' + gone.seq + '-detail';
      for (const node of rows.querySelectorAll(selector)) node.remove();
    }
    refreshAsids();
    showCount();
  }
  function setFilters() {
    state.asid = byId('asid').value;
    state.verdict = byId('verdict').value;
    const params = new URLSearchParams();
    if (state.asid) params.set('asid', state.asid);
    if (state.verdict !== 'all') params.set('verdict', state.verdict);
    const search = params.toString();
    history.replaceState(null, '', location.pathname + (search ? '?' + search : ''));
    render();
  }
  async function poll() {
    const live = byId('live');
    try {
      const answer = await fetch(config.jsonUrl + '?after=' + state.lastSeq, { cache: 'no-store' });
      if (!answer.ok) throw new Error('HTTP ' + answer.status);
      add((await answer.json()).exchanges);
      live.textContent = 'Live: checked at ' + timeOf(new Date().toISOString()).slice(0, 8);
      live.className = 'live';
    } catch (error) {
      live.textContent = 'Cannot reach the mock (' + error.message + '); trying again every 2 seconds.';
      live.className = 'live down';
    }
  }

  byId('verdict').value = state.verdict;
  byId('asid').addEventListener('change', setFilters);
  byId('verdict').addEventListener('change', setFilters);
  state.exchanges = config.exchanges.slice(-config.capacity);
  state.lastSeq = state.exchanges.reduce((last, exchange) => Math.max(last, exchange.seq), 0);
  refreshAsids();
  render();
  const linked = location.hash && document.getElementById(location.hash.slice(1) + '-detail');
  if (linked) linked.previousElementSibling.scrollIntoView({ block: 'nearest' });
  setInterval(poll, 2000);
})();
`;
