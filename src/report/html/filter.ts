// Search and status filters (issue 13, point 3) that work from file:// with nothing fetched: one small
// inline script, fixed text that never contains data (it reads the page's data-filter, data-status and
// data-search attributes), allowed by its hash in the page's Content-Security-Policy and nothing else.
// Progressive enhancement: the filter bar is `hidden` until the script shows it, so without JavaScript the
// whole page is shown. The state lives in the address (#search=NRLS-CREATE-007&status=failed, or the same
// as a ?query), so a filtered view can be linked to, and opened headless (--dump-dom) already filtered.
import { createHash } from 'node:crypto';
import { html, type Html } from './markup.ts';

/** A chip per status; "skipped / not run" is one chip: a scenario is skipped where a requirement is not run. */
const CHIPS: { label: string; statuses: string }[] = [
  { label: 'passed', statuses: 'passed' },
  { label: 'failed', statuses: 'failed' },
  { label: 'blocked', statuses: 'blocked' },
  { label: 'broken', statuses: 'broken' },
  { label: 'advisory', statuses: 'advisory' },
  { label: 'skipped / not run', statuses: 'skipped,not run' },
  { label: 'not testable', statuses: 'not testable' },
];

export function filterBar(): Html {
  return html`<form class="filters" id="filters" role="search"
 aria-label="Filter scenarios, requirements and ambiguities" hidden>
<label for="filter-search">Search</label>
<input type="search" id="filter-search" name="search" autocomplete="off"
 placeholder="id, name, tag or text (e.g. NRLS-CREATE-007)">
<fieldset><legend>Status</legend>${CHIPS.map(
    (chip) =>
      html`<button type="button" class="chip" aria-pressed="false" data-statuses="${chip.statuses}">${
        chip.label
      }</button>`,
  )}</fieldset>
<button type="reset" id="filter-clear">Clear</button>
<p id="filter-count" class="filter-count" aria-live="polite"></p>
</form>`;
}

/**
 * The whole script, as literal source of the `html` tag (so never escaped, and never holding data). ES2017, no
 * dependencies; it never writes markup, only hidden, open, aria-pressed and text.
 */
export const FILTER_SCRIPT_ELEMENT = html`<script>(function () {
  'use strict';
  var form = document.getElementById('filters');
  var box = document.getElementById('filter-search');
  var count = document.getElementById('filter-count');
  if (!form || !box || !count) return;
  var all = function (selector, root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(selector));
  };
  var chips = all('button[data-statuses]', form);
  var items = all('[data-filter]');
  var groups = all('[data-filter-group]');
  var KINDS = [['scenario', 'scenarios'], ['requirement', 'requirements'], ['ambiguity', 'ambiguities']];
  form.hidden = false;

  function chosen() {
    return chips.filter(function (chip) { return chip.getAttribute('aria-pressed') === 'true'; });
  }
  function statusesOf(list) {
    return list.reduce(function (acc, chip) { return acc.concat(chip.getAttribute('data-statuses').split(',')); }, []);
  }
  function apply(record) {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var statuses = statusesOf(chosen());
    var shown = {}, totals = {};
    items.forEach(function (item) {
      var kind = item.getAttribute('data-filter');
      var text = (item.getAttribute('data-search') || item.textContent).toLowerCase();
      var match = words.every(function (word) { return text.indexOf(word) >= 0; }) &&
        (statuses.length === 0 || statuses.indexOf(item.getAttribute('data-status')) >= 0);
      item.hidden = !match;
      totals[kind] = (totals[kind] || 0) + 1;
      shown[kind] = (shown[kind] || 0) + (match ? 1 : 0);
    });
    groups.forEach(function (group) { group.hidden = !group.querySelector('[data-filter]:not([hidden])'); });
    var filtered = words.length > 0 || statuses.length > 0;
    document.body.classList.toggle('filtered', filtered);
    count.textContent = filtered
      ? 'Showing ' + KINDS.filter(function (k) { return totals[k[0]]; }).map(function (k) {
          return (shown[k[0]] || 0) + ' of ' + totals[k[0]] + ' ' + k[1];
        }).join(', ') + (words.length ? ' matching \\u201c' + box.value.trim() + '\\u201d' : '') +
        (statuses.length ? ' with status ' + chosen().map(function (c) { return c.textContent; }).join(' or ') : '') +
        '.'
      : 'Showing everything. Type to search, or choose statuses.';
    if (record) remember(words.length ? box.value.trim() : '', chosen());
  }
  function remember(search, list) {
    var parts = [];
    if (search) parts.push('search=' + encodeURIComponent(search));
    var names = list.map(function (c) { return encodeURIComponent(c.textContent); });
    if (names.length) parts.push('status=' + names.join(','));
    try { history.replaceState(null, '', parts.length ? '#' + parts.join('&') : location.pathname + location.search); }
    catch (e) { /* a browser that refuses replaceState on file:// keeps the filter, not the address */ }
  }
  function readAddress() {
    var text = location.hash.indexOf('=') > 0 ? location.hash.slice(1) : location.search.slice(1);
    if (text.indexOf('=') < 0) return false;
    var params = new URLSearchParams(text);
    box.value = params.get('search') || '';
    var wanted = (params.get('status') || '').split(',').filter(Boolean);
    chips.forEach(function (chip) {
      var on = wanted.indexOf(chip.textContent) >= 0 ||
        chip.getAttribute('data-statuses').split(',').some(function (s) { return wanted.indexOf(s) >= 0; });
      chip.setAttribute('aria-pressed', on ? 'true' : 'false');
    });
    return true;
  }
  /** A link to a scenario, requirement or body: clear a filter that hides it, and open the details around it. */
  function reveal(id) {
    var target = id && document.getElementById(id);
    if (!target) return;
    for (var node = target; node; node = node.parentElement) {
      if (node.hidden) { clear(); break; }
    }
    for (node = target; node; node = node.parentElement) if (node.tagName === 'DETAILS') node.open = true;
  }
  function clear() {
    box.value = '';
    chips.forEach(function (c) { c.setAttribute('aria-pressed', 'false'); });
    apply(true);
  }
  box.addEventListener('input', function () { apply(true); });
  chips.forEach(function (chip) {
    chip.addEventListener('click', function () {
      chip.setAttribute('aria-pressed', chip.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
      apply(true);
    });
  });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  form.addEventListener('reset', function () {
    setTimeout(clear, 0);
  });
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (link) reveal(decodeURIComponent(link.getAttribute('href').slice(1)));
  });
  window.addEventListener('hashchange', function () {
    if (readAddress()) apply(false); else reveal(decodeURIComponent(location.hash.slice(1)));
  });
  // Paper shows the evidence of what failed (style-views.ts): those folds open for printing and close after.
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = all('details.evidence, details.scenario-failed, details.scenario-broken, details.links-fold')
      .filter(function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () { closed.forEach(function (d) { d.open = false; }); closed = []; });
  readAddress();
  apply(false);
  if (location.hash.indexOf('=') < 0) reveal(decodeURIComponent(location.hash.slice(1)));
})();</script>`;

export const FILTER_SCRIPT = FILTER_SCRIPT_ELEMENT.markup.slice('<script>'.length, -'</script>'.length);

/** The script's SHA-256 (base64), for the CSP source 'sha256-…' that allows this script and no other. */
export const FILTER_SCRIPT_HASH = createHash('sha256').update(FILTER_SCRIPT).digest('base64');
