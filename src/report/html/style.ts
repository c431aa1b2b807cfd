// The report's stylesheet (with style-views.ts's: the chart, the filters and print), inline so the file
// opens anywhere (file://, mail attachment, offline)
// with nothing fetched. Colours are from the NHS palette and always paired with words and symbols, so
// the report reads the same in greyscale or on paper.
import { html } from './markup.ts';

export const PAGE_STYLE = html`<style>
:root { --text: #212b32; --muted: #4c6272; --line: #d8dde0; --panel: #f0f4f5; --link: #005eb8;
  --pass: #007f3b; --pass-bg: #e3f1e8; --fail: #b8231a; --fail-bg: #fbe5e3; --warn: #ffb81c; --warn-bg: #fff3d1;
  --block: #6b2c91; --block-bg: #f1e9f6; --advice: #005eb8; --advice-bg: #e6eff8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--text); background: #fff; font: 16px/1.5 Arial, Helvetica, sans-serif; }
header.page, main, footer { max-width: 1320px; margin: 0 auto; padding: 0 24px; }
header.page { padding-top: 20px; }
.kicker { margin: 0; color: var(--muted); font-size: 14px; letter-spacing: .02em; }
h1 { margin: 4px 0 16px; font-size: 30px; line-height: 1.2; }
h2 { margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--line); font-size: 24px; }
h3 { margin: 28px 0 10px; font-size: 20px; }
h4 { margin: 20px 0 8px; font-size: 17px; }
a { color: var(--link); }
a:focus { outline: 3px solid var(--warn); outline-offset: 1px; }
code, pre, .url, .method { font-family: Consolas, "Liberation Mono", Menlo, monospace; }
.muted { color: var(--muted); }
.note { background: var(--panel); border-left: 4px solid var(--link); padding: 8px 12px; }
.label { margin: 10px 0 4px; font-weight: bold; }

.verdict { margin: 0 0 24px; padding: 20px 24px; border: 4px solid var(--text); border-radius: 4px; }
.verdict-conformant { background: var(--pass); color: #fff; }
.verdict-not-conformant { background: var(--fail); color: #fff; }
.verdict-incomplete { background: var(--warn); color: var(--text); }
.verdict-partial { background: #fff; color: var(--text); border-color: var(--advice); border-style: dashed; }
.verdict .verdict-label { margin: 0; font-size: 15px; text-transform: uppercase; letter-spacing: .08em; }
.verdict h2 { margin: 0 0 8px; padding: 0; border: 0; font-size: 44px; line-height: 1.1; letter-spacing: .02em; }
.verdict p { margin: 6px 0; font-size: 18px; }
.verdict .verdict-reason { font-size: 21px; font-weight: bold; }
.verdict ul { margin: 10px 0 0; padding-left: 22px; font-size: 17px; }
.verdict a { color: inherit; }

nav.contents ol {
  display: flex;
  flex-wrap: wrap;
  gap: 6px 24px;
  margin: 0;
  padding: 10px 16px;
  list-style: none;
  background: var(--panel);
}
.summary-grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0 40px; }

table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 15px; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--panel); }
th[scope="row"] { font-weight: bold; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
table.identity th { width: 34%; background: var(--panel); }
tr.row-failed > * { background: var(--fail-bg); }
tr.row-failed > th { border-left: 6px solid var(--fail); }
tr.row-broken > * { background: var(--warn-bg); }
tr.row-broken > th { border-left: 6px solid var(--warn); }
tr.row-not-run > * { background: #f7f7f7; }
tr.row-blocked > * { background: var(--block-bg); }
tr.row-blocked > th { border-left: 6px solid var(--block); }
tr.row-advisory > th { border-left: 6px solid var(--advice); }
.matrix td:nth-child(3) { white-space: nowrap; }
.ambiguities th[scope="row"] { white-space: nowrap; }
.matrix th[scope="row"] {
  white-space: nowrap;
  font-family: Consolas, "Liberation Mono", Menlo, monospace;
  font-size: 14px;
}
.reason { display: block; color: var(--muted); font-style: italic; }
tbody th[scope="rowgroup"] { background: #e8edee; font-size: 16px; }

.status {
  display: inline-block;
  padding: 0 6px;
  border: 1px solid;
  border-radius: 3px;
  font-size: 14px;
  font-weight: bold;
  white-space: nowrap;
}
.status-passed { color: #00552a; background: var(--pass-bg); border-color: var(--pass); }
.status-failed { color: #8a1a13; background: var(--fail-bg); border-color: var(--fail); }
.status-broken, .status-unknown { color: #5c3d00; background: var(--warn-bg); border-color: #b07d00; }
.status-skipped, .status-not-run { color: #3b4a55; background: #eef0f1; border-color: #8a9aa5; }
.status-not-testable { color: #3b4a55; background: #fff; border-color: #8a9aa5; border-style: dashed; }
.status-blocked { color: var(--block); background: var(--block-bg); border-color: var(--block); }
.status-advisory { color: #003d78; background: var(--advice-bg); border-color: var(--advice); }
article.defect {
  margin: 12px 0 20px;
  padding: 4px 16px 10px;
  border: 2px solid var(--line);
  border-left: 8px solid var(--fail);
}
article.defect-advisory { border-left-color: var(--advice); }
.basis { font-size: 14px; color: var(--muted); }

ul.links { display: inline; margin: 0; padding: 0; list-style: none; }
ul.links li { display: inline-block; margin-right: .4em; }
ul.links li:not(:last-child)::after { content: ","; }

article.scenario {
  margin: 16px 0 28px;
  padding: 4px 20px 12px;
  border: 2px solid var(--line);
  border-left: 8px solid var(--fail);
}
article.scenario-broken { border-left-color: var(--warn); }
details.scenario { margin: 4px 0; border: 1px solid var(--line); border-radius: 3px; }
details.scenario > summary { padding: 6px 10px; cursor: pointer; }
details.scenario[open] > summary { background: var(--panel); }
details.scenario-failed { border-left: 6px solid var(--fail); }
details.scenario-broken { border-left: 6px solid var(--warn); }
details.scenario-blocked { border-left: 6px solid var(--block); }
details.scenario-advisory { border-left: 6px solid var(--advice); }
.scenario-detail, details.scenario > .note { margin: 0 12px 12px; }
.scenario-name { font-weight: bold; }
dl.facts {
  display: grid;
  grid-template-columns: max-content minmax(0, 1fr);
  gap: 2px 16px;
  margin: 10px 0;
  font-size: 15px;
}
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }

ol.steps { margin: 8px 0; padding-left: 28px; }
li.step { margin: 6px 0; padding: 2px 0 2px 8px; }
li.step-failed { border-left: 4px solid var(--fail); background: #fdf5f4; }
li.step-broken { border-left: 4px solid var(--warn); background: #fffaf0; }
.step-line { margin: 2px 0; }
.failure { margin: 8px 12px 10px 0; }
.evidence-pointer { margin: 4px 12px 8px 0; font-size: 14px; overflow-wrap: anywhere; }
.matrix td:last-child { width: 24%; }
.columns { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
pre {
  margin: 0 0 8px;
  padding: 8px 10px;
  background: #f7f8f9;
  border: 1px solid var(--line);
  font-size: 13px;
  line-height: 1.45;
  white-space: pre-wrap;
  overflow-wrap: anywhere;
  max-height: 32em;
  overflow: auto;
}
pre.expected { border: 2px solid var(--pass); background: #f2f9f5; font-size: 15px; }
pre.actual { border: 2px solid var(--fail); background: #fdf3f2; font-size: 15px; }

.exchanges { margin: 6px 12px 8px 0; }
details.exchange { margin: 6px 0; border: 1px solid #aeb7bd; border-radius: 3px; background: #fff; }
details.exchange > summary { padding: 5px 8px; cursor: pointer; font-size: 14px; overflow-wrap: anywhere; }
details.exchange[open] > summary { border-bottom: 1px solid var(--line); background: #eaf1f8; }
.exchange-detail { padding: 4px 10px 8px; }
.exchange-detail .meta { margin: 4px 0 8px; font-size: 14px; color: var(--muted); }
.pane-title { margin: 4px 0; font-size: 15px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
.request-line, .response-status { margin: 4px 0 8px; overflow-wrap: anywhere; }
.method { font-weight: bold; }
pre.headers { max-height: 16em; }
pre.headers b { font-weight: bold; }
.same-body { margin: 0 0 8px; font-size: 14px; color: var(--muted); }
.transport-error { padding: 6px 10px; border: 2px solid var(--fail); background: var(--fail-bg); }
footer {
  margin-top: 48px;
  padding-bottom: 32px;
  color: var(--muted);
  font-size: 14px;
  border-top: 1px solid var(--line);
}

@media (max-width: 900px) { .summary-grid, .columns { grid-template-columns: minmax(0, 1fr); } }
</style>`;
