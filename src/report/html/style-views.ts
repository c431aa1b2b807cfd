// The stylesheet of the page's newer parts (issue 13, point 3): the overview chart, the filter bar, the
// defect evidence and the list of failures, and print. On paper the defects' evidence, the failed and broken
// scenarios and the matrix's scenario lists are open (CSS where the browser can open a closed <details>, and
// the page's script before printing); other scenarios print as their one-line summary unless opened (all
// open, a one-fault run printed 853 pages). The filters are gone and backgrounds are not wasted.
import { html } from './markup.ts';

export const VIEWS_STYLE = html`<style>
[hidden] { display: none !important; }
figure.chart { margin: 8px 0 16px; }
figure.chart svg { max-width: 960px; display: block; }
figure.chart text { fill: var(--text); }
figure.chart .chart-heading { font-weight: bold; }
figure.chart .chart-count { fill: var(--muted); }
figure.chart figcaption { margin-top: 6px; font-size: 14px; color: var(--muted); }

form.filters {
  position: sticky;
  top: 0;
  z-index: 2;
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 6px 12px;
  margin: 12px 0;
  padding: 10px 14px;
  background: #fff;
  border: 2px solid var(--line);
  border-radius: 4px;
  box-shadow: 0 2px 4px rgba(0, 0, 0, .08);
}
form.filters label { font-weight: bold; }
form.filters input[type="search"] { flex: 1 1 280px; padding: 6px 8px; font: inherit; border: 2px solid var(--text); }
form.filters fieldset { display: flex; flex-wrap: wrap; gap: 6px; margin: 0; padding: 0; border: 0; }
form.filters legend { float: left; margin-right: 6px; font-weight: bold; }
button.chip, #filter-clear {
  padding: 3px 10px;
  font: inherit;
  font-size: 14px;
  border: 1px solid var(--muted);
  border-radius: 14px;
  background: #fff;
  cursor: pointer;
}
button.chip[aria-pressed="true"] { background: var(--text); color: #fff; border-color: var(--text); }
button.chip[aria-pressed="true"]::before { content: "✓ "; }
#filter-clear { border-radius: 3px; }
.filter-count { flex-basis: 100%; margin: 0; font-size: 14px; color: var(--muted); }

ul.failure-list { margin: 8px 0; padding-left: 0; list-style: none; }
ul.failure-list li { margin: 4px 0; }
details.evidence { margin: 8px 0 4px; }
details.evidence > summary { cursor: pointer; font-weight: bold; }
details.links-fold > summary { cursor: pointer; }
a.in-catalogue { display: block; font-family: Arial, Helvetica, sans-serif; font-size: 12px; font-weight: normal; }
section.feature h4 { margin-top: 14px; }
.req-level { display: block; font-family: Arial, Helvetica, sans-serif; font-size: 13px; font-weight: normal; }
table.matrix td { font-size: 14px; }
table.matrix td:nth-child(2) { width: 52%; }

@media print {
  body { font-size: 10pt; }
  nav.contents, form.filters, a.in-catalogue { display: none !important; }
  details.evidence::details-content, details.scenario-failed::details-content,
  details.scenario-broken::details-content, details.links-fold::details-content {
    content-visibility: visible;
    display: contents;
  }
  details > summary { list-style: none; }
  .verdict, .status, figure.chart svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr.row-failed > *, tr.row-broken > *, tr.row-blocked > *, tr.row-not-run > *, thead th, pre, .note,
  details.scenario[open] > summary, details.exchange[open] > summary, form.filters { background: none !important; }
  pre { max-height: none; overflow: visible; }
  a { color: inherit; text-decoration: none; }
  tr, details.exchange, .failure, figure.chart { break-inside: avoid; }
  h2, h3, h4, summary { break-after: avoid; }
  #requirements, #scenarios { break-before: page; }
  body.filtered main::before { content: "Printed with a filter applied: only matching rows and scenarios are shown."; }
}
</style>`;
