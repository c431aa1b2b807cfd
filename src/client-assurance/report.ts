// The client assurance report: a recording's requests re-judged by the client rules, as the same
// AssuranceRun model the suite's report uses. One scenario per request; a requirement matrix of the rules
// that apply to the role; one defect per failing rule, listing the requests that broke it. Conformant only
// when every requirement of those rules was exercised and passed: a recording that judged less than
// everything is incomplete, never a pass. Pure: the rules, the judge, the catalogue and the identity are
// passed in (the CLI passes the real ones, the tests a small table).
import type { Catalogue } from '../domain/requirements/catalogue.ts';
import { judgedCheck } from '../report/build.ts';
import { areaTallies, requirementTotalsOf, tally } from '../report/verdict.ts';
import type {
  AmbiguityRow,
  AssuranceRun,
  DefectGroup,
  RequirementRow,
  RequirementStatus,
  RunIdentity,
  ScenarioResult,
} from '../report/model.ts';
import type { ClientDirectory, ClientRole, RecordedExchange, RuleVerdict } from './recorded-exchange.ts';
import { interactionOf, scenarioOf } from './report-scenario.ts';
import { ROLE_INTERACTIONS } from './rules.ts';
import { clientVerdict } from './report-verdict.ts';
import type { ClientRule, JudgedRequest } from './rules.ts';

export type JudgeRequest = (exchange: JudgedRequest, directory: ClientDirectory) => RuleVerdict[];

export interface ClientReportInput {
  exchanges: readonly RecordedExchange[];
  /** The line of exchanges.ndjson each came from (same order), when read from a file. */
  lines?: readonly number[];
  directory: ClientDirectory;
  rules: readonly ClientRule[];
  judge: JudgeRequest;
  catalogue: Catalogue;
  /** The run identity without `client`, which the builder fills in. */
  identity: RunIdentity;
  recording: { dir: string; recordedBy: string };
  role?: ClientRole;
  asid?: string;
}

/** Provider: a system allowed to create; consumer: one allowed to search only (fixtures/asids.json). */
export function roleOf(asid: string, directory: ClientDirectory): ClientRole | undefined {
  const system = directory.systems.find((entry) => entry.asid === asid);
  if (!system) return undefined;
  return system.interactions.includes('create') ? 'provider' : 'consumer';
}

/** --asid selects its requests; else --role those from the ASIDs of that role; else every request. */
export function selectExchanges<T extends Pick<RecordedExchange, 'fromAsid'>>(
  exchanges: readonly T[],
  directory: ClientDirectory,
  options: { role?: ClientRole; asid?: string },
): T[] {
  if (options.asid !== undefined) return exchanges.filter((exchange) => exchange.fromAsid === options.asid);
  if (options.role) return exchanges.filter((exchange) => roleOf(exchange.fromAsid, directory) === options.role);
  return [...exchanges];
}

/** One group per rule that failed (or warned), most requests first; failures before warnings. */
function defectGroups(judged: { scenario: string; verdicts: RuleVerdict[] }[], rules: Map<string, ClientRule>) {
  const groups = new Map<string, DefectGroup>();
  for (const { scenario, verdicts } of judged) {
    for (const verdict of verdicts) {
      if (verdict.outcome === 'passed') continue;
      const key = `${verdict.outcome}:${verdict.rule}`;
      const rule = rules.get(verdict.rule);
      const amb = rule?.amb && /^AMB-\d{2}$/.test(rule.amb) ? rule.amb : undefined;
      let group = groups.get(key);
      if (!group) {
        group = {
          id: '',
          about: verdict.requirements,
          name: rule?.title ?? verdict.rule,
          ...(amb ? { amb } : {}),
          basis: judgedCheck({ name: '', about: verdict.requirements, stage: 'scenario', outcome: 'failed', amb })
            .basis,
          outcome: verdict.outcome === 'failed' ? 'failed' : 'advisory',
          kind: 'conformance',
          expected: rule?.title ?? verdict.rule,
          actual: verdict.detail,
          stage: 'scenario',
          failedScenarios: [],
          blockedScenarios: [],
        };
        groups.set(key, group);
      }
      if (!group.failedScenarios.includes(scenario)) group.failedScenarios.push(scenario);
    }
  }
  const ordered = [...groups.entries()].sort(
    ([, a], [, b]) =>
      Number(b.outcome === 'failed') - Number(a.outcome === 'failed') ||
      b.failedScenarios.length - a.failedScenarios.length,
  );
  ordered.forEach(([, group], at) => {
    group.id = `D${at + 1}`;
  });
  return new Map(ordered);
}

export function buildClientAssuranceRun(input: ClientReportInput): AssuranceRun {
  const role = input.role ?? (input.asid !== undefined ? roleOf(input.asid, input.directory) : undefined);
  const rules = input.rules.filter((rule) => !role || rule.roles.includes(role));
  const ruleById = new Map(input.rules.map((rule) => [rule.id, rule]));
  const lineOf = new Map(input.exchanges.map((exchange, at) => [exchange, input.lines?.[at] ?? 0]));
  const selected = selectExchanges(input.exchanges, input.directory, { role: input.role, asid: input.asid });
  const judged = selected.map((exchange) => ({
    exchange,
    scenario: `exchange-${exchange.seq}`,
    // Only the rules of the role count: another role's rule says nothing about this client.
    verdicts: input
      .judge(exchange, input.directory)
      .filter((verdict) => rules.some((rule) => rule.id === verdict.rule)),
  }));
  const defects = defectGroups(judged, ruleById);
  const scenarios: ScenarioResult[] = judged.map(({ exchange, verdicts }) => ({
    ...scenarioOf(
      exchange,
      verdicts,
      ruleById,
      (verdict) => defects.get(`${verdict.outcome}:${verdict.rule}`)?.id ?? '',
    ),
    line: lineOf.get(exchange) ?? 0,
  }));

  const allVerdicts = judged.flatMap(({ scenario, verdicts }) => verdicts.map((verdict) => ({ scenario, verdict })));
  const defectIds = (about: (verdict: RuleVerdict) => boolean, outcome: string) => [
    ...new Set(
      allVerdicts
        .filter(({ verdict }) => verdict.outcome === outcome && about(verdict))
        .map(({ verdict }) => defects.get(`${outcome}:${verdict.rule}`)!.id),
    ),
  ];
  const statusOf = (about: (verdict: RuleVerdict) => boolean) => {
    const mine = allVerdicts.filter(({ verdict }) => about(verdict));
    const scenarioIds = [...new Set(mine.map(({ scenario }) => scenario))];
    const failed = defectIds(about, 'failed');
    const warned = defectIds(about, 'warning');
    const status: RequirementStatus =
      failed.length > 0 ? 'failed' : warned.length > 0 ? 'advisory' : mine.length > 0 ? 'passed' : 'not run';
    const passed = mine.filter(({ verdict }) => verdict.outcome === 'passed').length;
    return { status, defects: failed.length > 0 ? failed : warned, scenarioIds, checksPassed: passed };
  };

  // What every system of the role must be seen to keep (coreRulesFor): its own interactions' rules, not
  // the optional features'. An optional rule that judged something joins the matrix with its verdicts.
  const core = rules.filter(
    (rule) =>
      !rule.optional &&
      (!role ||
        rule.interactions.some(
          (interaction) => interaction === 'any' || ROLE_INTERACTIONS[role].includes(interaction),
        )),
  );
  const inMatrix = new Set([
    ...core.flatMap((rule) => rule.requirements),
    ...allVerdicts.flatMap(({ verdict }) => verdict.requirements),
  ]);
  // In the rule table's order, as a reviewer reads the rules.
  const requirementIds = [...new Set([...rules.flatMap((rule) => rule.requirements), ...inMatrix])].filter((id) =>
    inMatrix.has(id),
  );
  const requirements: RequirementRow[] = requirementIds.map((id) => {
    const entry = input.catalogue.requirements.find((requirement) => requirement.id === id);
    const rulesAbout = rules.filter((rule) => rule.requirements.includes(id));
    const judgedRow = statusOf((verdict) => verdict.requirements.includes(id));
    return {
      id,
      level: entry?.level ?? rulesAbout[0]?.level ?? '',
      summary: entry?.summary ?? rulesAbout.map((rule) => rule.title).join('; '),
      area: entry?.area ?? 'client',
      section: entry?.section ?? '',
      ambiguityIds: entry?.amb ?? [],
      ...judgedRow,
      ...(judgedRow.status === 'not run'
        ? { reason: `no recorded request exercised ${rulesAbout.map((rule) => rule.id).join(', ')}` }
        : {}),
    };
  });

  const ambiguities: AmbiguityRow[] = input.catalogue.ambiguities
    .filter((ambiguity) => rules.some((rule) => rule.amb === ambiguity.id))
    .map((ambiguity) => {
      const about = (verdict: RuleVerdict) => ruleById.get(verdict.rule)?.amb === ambiguity.id;
      const { status, scenarioIds } = statusOf(about);
      return { ...ambiguity, status, scenarioIds };
    });

  const requirementTotals = requirementTotalsOf(requirements);
  const areas = areaTallies(scenarios);
  const asids = [...new Set(selected.map((exchange) => exchange.fromAsid))];
  const run: Omit<AssuranceRun, 'verdict' | 'verdictReason'> = {
    schemaVersion: 2,
    run: {
      ...input.identity,
      client: {
        ...(role ? { role } : {}),
        asids: input.asid !== undefined ? [input.asid] : asids,
        recording: input.recording.dir,
        recordedBy: input.recording.recordedBy,
      },
    },
    judged: {
      requirements: requirementTotals.passed + requirementTotals.failed + requirementTotals.advisory,
      testable: requirements.length,
    },
    scenarioTotals: tally(scenarios),
    requirementTotals,
    areas,
    defects: [...defects.values()],
    requirements,
    ambiguities,
    scenarios,
    cleanup: { deleted: 0, left: [] },
    notRun: [],
    redactedSecrets: [],
  };
  const seen = new Set(selected.map(interactionOf));
  const exercised = new Set(allVerdicts.map(({ verdict }) => verdict.rule));
  return { ...run, ...clientVerdict(run, { rules: core, exercised, seen, role, asid: input.asid }) };
}
