// The inspector page's style, inlined: readable at a glance, status and verdict told by word and colour.
export const INSPECTOR_STYLE = `
:root { color-scheme: light; --ink: #1d2329; --muted: #5b6670; --line: #d8dde2; --head: #f3f5f7;
  --pass-bg: #e3f4e6; --pass: #17612a; --warn-bg: #fff1cc; --warn: #7a4f00; --fail-bg: #fde5e8; --fail: #a3001b;
  --none-bg: #eceff1; --none: #46505a; --accent: #005eb8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); }
header { background: var(--accent); color: #fff; padding: 14px 24px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; max-width: 70em; }
header code { background: rgba(255, 255, 255, 0.18); padding: 0 4px; border-radius: 3px; }
main { padding: 12px 24px 32px; }
.filters { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; margin: 4px 0 12px; }
.filters label { font-weight: 600; }
.filters select { font: inherit; margin-left: 6px; padding: 3px 6px; border: 1px solid #8a949d; border-radius: 4px; }
.live { margin-left: auto; color: var(--muted); }
.live.down { color: var(--fail); font-weight: 600; }
.muted { color: var(--muted); }
table.exchanges { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.exchanges th, table.exchanges td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
table.exchanges thead th { background: var(--head); position: sticky; top: 0; font-size: 13px;
  text-transform: uppercase; letter-spacing: 0.03em; color: var(--muted); }
table.exchanges th:nth-child(1) { width: 9em; }
table.exchanges th:nth-child(2) { width: 9.5em; }
table.exchanges th:nth-child(4) { width: 16em; }
table.exchanges th:nth-child(5) { width: 11em; }
table.exchanges th:nth-child(6) { width: 15em; }
tr.exchange:hover { background: #f7f9fb; }
td.time { font-variant-numeric: tabular-nums; color: var(--muted); }
td.request { overflow: hidden; }
button.toggle { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: none; border: 0;
  padding: 0; color: var(--accent); cursor: pointer; text-align: left; width: 100%; overflow: hidden;
  text-overflow: ellipsis; white-space: nowrap; }
button.toggle::before { content: "\\25B8"; display: inline-block; width: 1.1em; color: var(--muted); }
button.toggle[aria-expanded="true"]::before { content: "\\25BE"; }
button.toggle:hover .method, button.toggle:focus-visible .method { text-decoration: underline; }
button.toggle:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.method { font-weight: 700; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; font-weight: 600;
  white-space: nowrap; }
.badge.passed { background: var(--pass-bg); color: var(--pass); }
.badge.warning { background: var(--warn-bg); color: var(--warn); }
.badge.failed { background: var(--fail-bg); color: var(--fail); }
.badge.none { background: var(--none-bg); color: var(--none); }
tr.detail > td { background: #fafbfc; padding: 12px 16px 18px; }
tr.detail h3 { margin: 4px 0 6px; font-size: 15px; }
ul.verdicts { list-style: none; margin: 0 0 10px; padding: 0; }
li.verdict { padding: 5px 0; border-bottom: 1px dashed var(--line); }
.rule-ids { margin-top: 2px; font: 12px/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color: var(--muted); overflow-wrap: anywhere; }
.requirements { color: var(--muted); font-size: 13px; }
.detail-text { margin: 2px 0 0 0.5em; }
.trigger-note { background: var(--none-bg); padding: 6px 10px; border-radius: 4px; }
.messages { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; }
.messages section { min-width: 0; }
table.headers { border-collapse: collapse; font: 12.5px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  margin-bottom: 8px; width: 100%; }
table.headers th { text-align: left; padding: 2px 10px 2px 0; white-space: nowrap; vertical-align: top; width: 1%; }
table.headers td { padding: 2px 0; word-break: break-all; }
pre.body { margin: 0; padding: 8px 10px; background: #fff; border: 1px solid var(--line); border-radius: 4px;
  max-height: 26em; overflow: auto; white-space: pre-wrap; word-break: break-all; font-size: 12.5px; }
.empty { color: var(--muted); padding: 16px 0; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
`;
