// The overview chart (issue 13, point 3): scenarios and requirements by status, then each area's scenarios,
// as stacked bars in inline SVG (nothing fetched). A chart is no use to a screen reader or on a greyscale
// page alone, so it has a title and a description saying every figure, each bar is labelled in words and
// numbers beside it, and the totals tables below give the same figures.
import type { AssuranceRun, Tally } from '../model.ts';
import { html, type Html } from './markup.ts';
import { REQUIREMENT_STATUSES, SCENARIO_STATUSES, STATUS_FILL, tallyTotal } from './statuses.ts';

interface Bar {
  label: string;
  counts: [status: string, count: number][];
}

const WIDTH = 960;
const LABEL = 190;
const BAR = 420;
const ROW = 30;
const TOP = 40;

const total = (bar: Bar) => bar.counts.reduce((sum, [, count]) => sum + count, 0);

/** "89 passed, 8 failed, 150 blocked": the statuses that occurred, in the page's order. */
export function countWords(bar: Bar): string {
  const some = bar.counts.filter(([, count]) => count > 0);
  return some.length === 0 ? 'none' : some.map(([status, count]) => `${count} ${status}`).join(', ');
}

const tallyBar = (label: string, tally: Tally): Bar => ({
  label,
  counts: SCENARIO_STATUSES.map((status) => [status, tally[status]]),
});

function bars(run: AssuranceRun): { heading: string; bars: Bar[] }[] {
  return [
    {
      heading: 'All',
      bars: [
        tallyBar(`Scenarios (${tallyTotal(run.scenarioTotals)})`, run.scenarioTotals),
        {
          label: `Requirements (${run.requirements.length})`,
          counts: REQUIREMENT_STATUSES.map((status) => [status, run.requirementTotals[status]]),
        },
      ],
    },
    {
      heading: 'Scenarios by area',
      bars: run.areas.map((area) => tallyBar(`${area.area} (${tallyTotal(area)})`, area)),
    },
  ];
}

function barMarkup(bar: Bar, y: number): Html {
  const whole = total(bar);
  let x = LABEL;
  const segments = bar.counts
    .filter(([, count]) => count > 0)
    .map(([status, count]) => {
      const width = (count / whole) * BAR;
      const segment = html`<rect x="${x.toFixed(1)}" y="${y}" width="${width.toFixed(1)}" height="${ROW - 8}" fill="${
        STATUS_FILL[status] ?? '#8a9aa5'
      }"><title>${bar.label}: ${count} ${status}</title></rect>`;
      x += width;
      return segment;
    });
  return html`<g><text x="${LABEL - 8}" y="${y + 16}" text-anchor="end">${bar.label}</text>${
    whole === 0 ? html`<rect x="${LABEL}" y="${y}" width="${BAR}" height="${ROW - 8}" fill="#f0f4f5"/>` : segments
  }<text x="${LABEL + BAR + 8}" y="${y + 16}" class="chart-count">${countWords(bar)}</text></g>`;
}

function legend(): Html {
  const statuses = [...new Set<string>([...SCENARIO_STATUSES, ...REQUIREMENT_STATUSES])];
  return html`<g class="chart-legend">${statuses.map(
    (status, index) =>
      html`<rect x="${index * 112}" y="8" width="12" height="12" fill="${STATUS_FILL[status]}"/><text x="${
        index * 112 + 16
      }" y="19">${status}</text>`,
  )}</g>`;
}

/** The description a screen reader gives for the chart: every bar's figures, in words. */
function describe(groups: { heading: string; bars: Bar[] }[]): string {
  return groups
    .map((group) => `${group.heading}: ${group.bars.map((bar) => `${bar.label}: ${countWords(bar)}`).join('; ')}.`)
    .join(' ');
}

export function overview(run: AssuranceRun): Html {
  const groups = bars(run);
  let y = TOP;
  const rows: Html[] = [];
  for (const group of groups) {
    rows.push(html`<text x="0" y="${y + 16}" class="chart-heading">${group.heading}</text>`);
    y += ROW;
    for (const bar of group.bars) {
      rows.push(barMarkup(bar, y));
      y += ROW;
    }
    y += 10;
  }
  const description = describe(groups);
  return html`<section aria-labelledby="overview-heading" id="overview">
<h2 id="overview-heading">Overview</h2>
<figure class="chart">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${y}" width="100%" role="img"
 aria-labelledby="chart-title chart-desc" font-family="Arial, Helvetica, sans-serif" font-size="14">
<title id="chart-title">Scenarios and requirements by status, and scenarios by area</title>
<desc id="chart-desc">${description}</desc>
${legend()}${rows}
</svg>
<figcaption id="chart-text">In words: ${description} The totals tables below give the same figures.</figcaption>
</figure>
</section>`;
}
