// The statuses the page counts, filters and charts, in the order a reviewer reads them: the same lists
// everywhere, so a chart segment, a totals row and a filter chip always agree.
import type { Tally } from '../model.ts';

export const SCENARIO_STATUSES = ['passed', 'failed', 'blocked', 'broken', 'advisory', 'skipped'] as const;
export const REQUIREMENT_STATUSES = [
  'passed',
  'failed',
  'blocked',
  'broken',
  'advisory',
  'not run',
  'not testable',
] as const;

export const tallyTotal = (tally: Tally) => SCENARIO_STATUSES.reduce((sum, status) => sum + tally[status], 0);

export const isFailedOrBroken = (status: string) => status === 'failed' || status === 'broken';
export const isUnmet = (status: string) => status === 'failed' || status === 'broken' || status === 'blocked';

/** The chart's fill for each status (the NHS palette of style.ts); words and counts always go with them. */
export const STATUS_FILL: Record<string, string> = {
  passed: '#007f3b',
  failed: '#b8231a',
  blocked: '#6b2c91',
  broken: '#ffb81c',
  advisory: '#005eb8',
  skipped: '#8a9aa5',
  'not run': '#8a9aa5',
  'not testable': '#d8dde0',
};
