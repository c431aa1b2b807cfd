// JUnit XML from an AssuranceRun, for CI systems that show test results: by requirement (one test case
// per row of the requirement matrix, grouped by area) or by scenario (one per scenario, grouped by
// feature). A failed row or scenario is a <failure> naming its failing checks and scenarios; broken or
// blocked is an <error> (nothing could be judged); not run, not testable and skipped are <skipped>, so
// that a CI dashboard never counts them as passes. Each requirement's test case lists its scenarios and
// their statuses (issue 13, point 4). Pure: the same run always gives the same XML.
import type { AssuranceRun, DefectGroup, Finding, RequirementRow, ScenarioResult } from './model.ts';

export type JunitGrouping = 'requirement' | 'scenario';

// XML 1.0 allows tab, newline and carriage return among the control characters; the rest cannot appear
// even escaped, and a target's answer quoted in a failure may hold anything.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attributes = (values: Record<string, string | number>) =>
  Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');

interface Case {
  suite: string;
  classname: string;
  name: string;
  seconds: number;
  result?: { element: 'failure' | 'error' | 'skipped'; message: string; text?: string };
  output?: string;
}

const findingLine = (finding: Finding, scenario: string) =>
  `${finding.defect} ${finding.about.join(', ')}: ${finding.name}: expected ${finding.expected ?? ''}; ` +
  `actual ${finding.actual ?? ''} (${scenario}${finding.exchange ? `: ${finding.exchange}` : ''})`;

/** Scenario ids for a one-line message: the first few, and how many more the text lists. */
const MESSAGE_SCENARIOS = 5;
const scenarioIds = (ids: string[]) =>
  ids.length <= MESSAGE_SCENARIOS
    ? ids.join(', ')
    : `${ids.slice(0, MESSAGE_SCENARIOS).join(', ')} and ${ids.length - MESSAGE_SCENARIOS} more`;
const plural = (count: number) => `scenario${count === 1 ? '' : 's'}`;

/**
 * A requirement's scenarios, one line each with its status (issue 13, point 4: "its scenarios inside"); a row
 * not run lists the scenarios that were not selected.
 */
function scenarioLines(row: RequirementRow, run: AssuranceRun): string {
  const checks = `${row.checksPassed} passing check${row.checksPassed === 1 ? '' : 's'} about it`;
  if (row.scenarioIds.length === 0) return `scenarios: none tagged with it; ${checks}`;
  const byId = new Map(run.scenarios.map((scenario) => [scenario.id, scenario]));
  const lines = row.scenarioIds.map((id) => {
    const scenario = byId.get(id);
    return scenario ? `  ${id} ${scenario.status}: ${scenario.name}` : `  ${id} not run`;
  });
  return [`scenarios (${checks}):`, ...lines].join('\n');
}

/**
 * One defect that failed a requirement row: its failing check as first seen, and the scenarios it failed or
 * whose setup it stopped. They are found wherever the check ran, not only among the row's own scenarios: a
 * check about a requirement may fail in a scenario tagged with another one (verdict.ts judges the row on
 * every finding about it). One group per defect, not one line per scenario: a fault in a setup step
 * reaches most of the suite.
 */
function failedDefect(row: RequirementRow, defect: DefectGroup, run: AssuranceRun) {
  const findings = run.scenarios.flatMap((scenario) =>
    scenario.findings
      .filter((item) => item.defect === defect.id && item.outcome === 'failed' && item.about.includes(row.id))
      .map((finding) => ({ scenario: scenario.id, finding })),
  );
  const where = (stage: Finding['stage']) => [
    ...new Set(findings.filter((item) => item.finding.stage === stage).map((item) => item.scenario)),
  ];
  const failed = where('scenario');
  const blocked = where('setup');
  const reach = [
    failed.length > 0 ? `failed ${failed.length} ${plural(failed.length)}: ${scenarioIds(failed)}` : '',
    blocked.length > 0 ? `stopped the setup of ${blocked.length}` : '',
  ].filter(Boolean);
  const first = findings[0];
  return {
    summary: `${defect.id} ${defect.name}${reach.length > 0 ? ` (${reach.join('; ')})` : ''}`,
    lines: [
      first ? findingLine(first.finding, first.scenario) : `${defect.id} ${defect.name}`,
      ...(failed.length > 0 ? [`  failed in: ${failed.join(', ')}`] : []),
      ...(blocked.length > 0 ? [`  stopped the setup of: ${blocked.join(', ')}`] : []),
    ],
  };
}

function requirementCase(row: RequirementRow, run: AssuranceRun): Case {
  const common = { suite: row.area, classname: row.area, name: `${row.id} ${shortened(row.summary)}`, seconds: 0 };
  const scenarios = scenarioLines(row, run);
  switch (row.status) {
    case 'failed': {
      const groups = run.defects
        .filter((defect) => row.defects.includes(defect.id))
        .map((defect) => failedDefect(row, defect, run));
      return {
        ...common,
        result: {
          element: 'failure',
          message: `${row.id} failed: ${groups.map((group) => group.summary).join('; ')}`,
          text: [...groups.flatMap((group) => group.lines), scenarios].join('\n'),
        },
      };
    }
    case 'broken':
    case 'blocked': {
      const stopped = run.scenarios
        .filter((scenario) => row.scenarioIds.includes(scenario.id))
        .filter((scenario) => (row.status === 'broken' ? ['broken'] : ['blocked', 'failed']).includes(scenario.status))
        .map((scenario) => scenario.id);
      return {
        ...common,
        result: {
          element: 'error',
          message:
            `${row.id} ${row.status}${row.defects.length > 0 ? ` by ${row.defects.join(', ')}` : ''}` +
            `${row.reason ? `: ${row.reason}` : ''}` +
            (stopped.length > 0
              ? ` (stopped in ${stopped.length} ${plural(stopped.length)}: ${scenarioIds(stopped)})`
              : ''),
          text: scenarios,
        },
      };
    }
    case 'not run':
    case 'not testable':
      return {
        ...common,
        result: { element: 'skipped', message: `${row.status}: ${row.reason ?? ''}` },
        ...(row.scenarioIds.length > 0 ? { output: scenarios } : {}),
      };
    case 'advisory':
      return {
        ...common,
        output: `advisory (${row.defects.join(', ')}): not counted against the verdict\n${scenarios}`,
      };
    default:
      return { ...common, output: scenarios };
  }
}

function scenarioCase(scenario: ScenarioResult): Case {
  const common = {
    suite: scenario.feature,
    classname: scenario.area,
    name: `${scenario.name} [${scenario.id}]`,
    seconds: scenario.durationMs / 1000,
  };
  const lines = (outcome: Finding['outcome']) =>
    scenario.findings
      .filter((finding) => finding.outcome === outcome)
      .map((finding) => findingLine(finding, scenario.id));
  switch (scenario.status) {
    case 'failed': {
      const failed = lines('failed');
      return { ...common, result: { element: 'failure', message: failed[0] ?? 'failed', text: failed.join('\n') } };
    }
    case 'blocked':
      return { ...common, result: { element: 'error', message: `blocked by ${scenario.blockedBy ?? 'a setup step'}` } };
    case 'broken': {
      const errors = scenario.steps
        .map((step) => step.error?.message)
        .filter((message): message is string => !!message);
      return { ...common, result: { element: 'error', message: errors[0] ?? 'broken: nothing to judge' } };
    }
    case 'skipped':
      return { ...common, result: { element: 'skipped', message: 'none of its steps ran' } };
    case 'advisory':
      return { ...common, output: lines('advisory').join('\n') };
    default:
      return common;
  }
}

function renderCase(item: Case): string {
  const named = attributes({ classname: item.classname, name: item.name, time: item.seconds.toFixed(3) });
  const open = `    <testcase${named}`;
  const parts: string[] = [];
  if (item.result) {
    const { element, message, text } = item.result;
    parts.push(
      text === undefined
        ? `      <${element}${attributes({ message })}/>`
        : `      <${element}${attributes({ message })}>${escapeXml(text)}</${element}>`,
    );
  }
  if (item.output !== undefined) parts.push(`      <system-out>${escapeXml(item.output)}</system-out>`);
  return parts.length === 0 ? `${open}/>` : `${open}>\n${parts.join('\n')}\n    </testcase>`;
}

function counts(cases: Case[]) {
  const of = (element: string) => cases.filter((item) => item.result?.element === element).length;
  return {
    tests: cases.length,
    failures: of('failure'),
    errors: of('error'),
    skipped: of('skipped'),
    time: cases.reduce((sum, item) => sum + item.seconds, 0).toFixed(3),
  };
}

export function renderJunit(run: AssuranceRun, by: JunitGrouping): string {
  const cases =
    by === 'requirement'
      ? run.requirements.map((row) => requirementCase(row, run))
      : run.scenarios.map((scenario) => scenarioCase(scenario));
  const suites = [...new Set(cases.map((item) => item.suite))];
  const name = `${run.run.harness.name}: ${run.run.target.name} (${run.verdict}, by ${by})`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name, ...counts(cases) })}>`,
    ...suites.flatMap((suite) => {
      const mine = cases.filter((item) => item.suite === suite);
      return [
        `  <testsuite${attributes({ name: suite, ...counts(mine), timestamp: run.run.startedAt.replace(/Z$/, '') })}>`,
        ...mine.map(renderCase),
        '  </testsuite>',
      ];
    }),
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * A requirement's text as a test case name: whole up to 150 characters, else cut at a word with an ellipsis
 * (dashboards list names on one line; the full text is in the catalogue the report links to).
 */
function shortened(text: string): string {
  if (text.length <= 150) return text;
  const cut = text.slice(0, 150);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 100))}…`;
}
