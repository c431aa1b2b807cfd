#!/usr/bin/env node
// An example NRLS 1.2.x client, for suppliers to read as a template and for client assurance to drive
// (provider-driver.json, consumer-driver.json). Plain Node 20, no dependencies. The requests are built in
// nrls-request.mjs, sent and read in fhir-wire.mjs; this file is the command line and the outcome.
//
// Output: the last stdout line is JSON: {"outcome":"created"|"superseded","pointerId"} |
// {"outcome":"deleted"} | {"outcome":"found","count"} | {"outcome":"error","spineCode"?,"message"}.
// Exit 0: NRLS says the action succeeded; 1: it refused, or the network failed or timed out; 2: bad usage.
// One request per action: it never retries, and gives up after --timeout-ms.
import { parseArgs } from 'node:util';
import { effectsFor } from './defect-effects.mjs';
import { DEFECTS } from './defects.mjs';
import { createdPointerId, readOutcome, readSearchset, send } from './fhir-wire.mjs';
import { buildRequest, freshMasterIdentifierValue, MASTER_IDENTIFIER_SYSTEM } from './nrls-request.mjs';

const USAGE = `usage: node nrls-client.mjs COMMAND [options]
  create    --base URL --nhs N [--master-id VALUE] [--format json|xml]
  supersede --base URL --nhs N --master-id NEWVALUE --target-master-id OLDVALUE [--format json|xml]
  delete    --base URL (--id POINTER_ID | --nhs N --master-id VALUE)
  search    --base URL --nhs N [--count] [--custodian ODS]
  defects   prints the table of deliberate defects as JSON
common: --role provider|consumer (provider for create/supersede/delete, consumer for search)
        --asid ASID --ods ODS (provider 200000000118/MHT01, consumer 200000000115/AMS01)
        --user SDS_ROLE_PROFILE_ID (555021935107) --to-asid SPINE_ASID (999999999999)
        --master-id-system URI (urn:ietf:rfc:3986) --format json|xml (json)
        --timeout-ms MS (or NRLS_CLIENT_TIMEOUT_MS=MS; 5000)
        --defect NAME (or NRLS_CLIENT_DEFECT=NAME): switch ONE deliberate defect on
exit: 0 succeeded, 1 refused or failed, 2 bad usage; the last stdout line is JSON`;

// The fixture systems (fixtures/asids.json) and Spine's ASID (fixtures/spine.json) of the mock.
const IDENTITIES = {
  provider: { asid: '200000000118', ods: 'MHT01' },
  consumer: { asid: '200000000115', ods: 'AMS01' },
};
const SPINE_ASID = '999999999999';
const EXAMPLE_USER = '555021935107';

const OPTIONS = {
  base: { type: 'string' },
  nhs: { type: 'string' },
  'master-id': { type: 'string' },
  'master-id-system': { type: 'string' },
  'target-master-id': { type: 'string' },
  id: { type: 'string' },
  count: { type: 'boolean' },
  custodian: { type: 'string' },
  format: { type: 'string' },
  role: { type: 'string' },
  asid: { type: 'string' },
  ods: { type: 'string' },
  user: { type: 'string' },
  'to-asid': { type: 'string' },
  'timeout-ms': { type: 'string' },
  defect: { type: 'string' },
  help: { type: 'boolean' },
};
const COMMON = ['base', 'format', 'role', 'asid', 'ods', 'user', 'to-asid', 'timeout-ms', 'defect', 'help'];
const ACTION_OPTIONS = {
  create: ['nhs', 'master-id', 'master-id-system'],
  supersede: ['nhs', 'master-id', 'master-id-system', 'target-master-id'],
  delete: ['id', 'nhs', 'master-id', 'master-id-system'],
  search: ['nhs', 'count', 'custodian'],
};

class UsageError extends Error {}

function usageCheck(condition, message) {
  if (!condition) throw new UsageError(message);
}

/** The action's context from the command line; a UsageError names the first thing wrong. */
function contextOf(action, values, env) {
  for (const name of Object.keys(values)) {
    usageCheck(
      COMMON.includes(name) || ACTION_OPTIONS[action].includes(name),
      `--${name} is not an option of ${action}`,
    );
  }
  const need = (name) => {
    usageCheck(values[name] !== undefined && values[name] !== '', `${action} needs --${name}`);
    return values[name];
  };
  const baseUrl = need('base').replace(/\/+$/, '');
  usageCheck(/^https?:\/\/[^/]/.test(baseUrl) && URL.canParse(baseUrl), `--base ${baseUrl} is not an http(s) URL`);
  const role = values.role ?? (action === 'search' ? 'consumer' : 'provider');
  usageCheck(role in IDENTITIES, `--role ${role} is neither provider nor consumer`);
  const format = values.format ?? 'json';
  usageCheck(format === 'json' || format === 'xml', `--format ${format} is neither json nor xml`);
  const timeoutMs = Number(values['timeout-ms'] ?? process.env.NRLS_CLIENT_TIMEOUT_MS ?? 5000);
  usageCheck(Number.isInteger(timeoutMs) && timeoutMs > 0, `--timeout-ms ${values['timeout-ms']} is not a whole ms`);
  const defect = values.defect ?? env.NRLS_CLIENT_DEFECT ?? '';
  usageCheck(
    defect === '' || DEFECTS.some(({ name }) => name === defect),
    `unknown defect "${defect}" (node nrls-client.mjs defects lists them)`,
  );

  const byId = action === 'delete' && values.id !== undefined;
  usageCheck(
    !byId || (values.nhs === undefined && values['master-id'] === undefined),
    'delete: --id, or --nhs and --master-id, not both',
  );
  if (action === 'delete' && !byId) usageCheck(values.nhs !== undefined, 'delete needs --id, or --nhs and --master-id');
  const nhsNumber = byId ? undefined : need('nhs');
  // NRLS-NHS-001: ten digits. The check digit is NRLS's to judge: this client shows its refusal.
  usageCheck(byId || /^\d{10}$/.test(nhsNumber), `--nhs ${nhsNumber} is not a 10-digit NHS number`);
  const system = values['master-id-system'] ?? MASTER_IDENTIFIER_SYSTEM;
  if (action === 'supersede' || (action === 'delete' && !byId)) need('master-id');
  // A create without --master-id gets a fresh one (NRLS-ID-006); search sends none.
  const masterIdValue =
    action === 'create' ? (values['master-id'] ?? freshMasterIdentifierValue()) : values['master-id'];
  const ctx = {
    action,
    baseUrl,
    role,
    asid: values.asid ?? IDENTITIES[role].asid,
    ods: values.ods ?? IDENTITIES[role].ods,
    user: values.user ?? EXAMPLE_USER,
    spineAsid: values['to-asid'] ?? SPINE_ASID,
    format,
    timeoutMs,
    nhsNumber,
    masterIdentifier: masterIdValue === undefined ? undefined : { system, value: masterIdValue },
    targetMasterIdentifier: action === 'supersede' ? { system, value: need('target-master-id') } : undefined,
    pointerId: byId ? need('id') : undefined,
    count: values.count === true,
    custodian: values.custodian,
  };
  return { ctx, effects: effectsFor(defect, ctx) };
}

/** One exchange, or (only the retry-storm defect) up to 10 more straight after a failure. */
async function exchange(ctx, effects) {
  let result;
  for (let attempt = 0; attempt <= (effects.retries ?? 0); attempt++) {
    const request = buildRequest(ctx, effects); // a fresh JWT for each request (NRLS-JWT-006)
    try {
      result = { answer: await send({ ...request, timeoutMs: effects.noTimeout ? undefined : ctx.timeoutMs }) };
    } catch (error) {
      result = { error };
    }
    if (result.answer && result.answer.status >= 200 && result.answer.status < 300) break;
  }
  return result;
}

/** What NRLS's answer means for the action: only the documented success answers are successes. */
function outcomeOf(ctx, effects, { answer, error }) {
  const made = ctx.action === 'supersede' ? 'superseded' : 'created';
  if (answer && (ctx.action === 'create' || ctx.action === 'supersede')) {
    // NRLS-CREATE-005/007, NRLS-SUPERSEDE-009: 201 with the new pointer's id in Location.
    if (answer.status === 201) return { outcome: made, pointerId: createdPointerId(answer, ctx.baseUrl) };
    if (effects.createdOnRefusal && answer.status >= 400 && answer.status < 500) return { outcome: made };
  }
  // NRLS-DELETE-006: 200 (with a RESOURCE_DELETED OperationOutcome).
  if (answer && ctx.action === 'delete' && answer.status === 200) return { outcome: 'deleted' };
  if (answer && ctx.action === 'search' && answer.status === 200) {
    const searchset = readSearchset(answer); // NRLS-SEARCH-013: a 200 searchset Bundle, nothing else
    if (searchset) return { outcome: 'found', count: searchset.total, pointers: searchset.pointers };
  }
  if (effects.errorAsEmpty && ctx.action === 'search') return { outcome: 'found', count: 0, pointers: [] };
  if (error) return { outcome: 'error', message: error.message };
  const { spineCode, diagnostics } = readOutcome(answer);
  const explanation = diagnostics ?? (spineCode ? '' : `unexpected answer to ${ctx.action}`);
  return { outcome: 'error', ...(spineCode ? { spineCode } : {}), message: `${answer.status} ${explanation}`.trim() };
}

async function main(argv, env) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error.message);
  }
  const [command, ...extra] = parsed.positionals;
  if (parsed.values.help || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command === 'defects') {
    console.log(JSON.stringify(DEFECTS, null, 2));
    return 0;
  }
  usageCheck(command !== undefined, 'no command: create, supersede, delete, search or defects');
  usageCheck(command in ACTION_OPTIONS, `unknown command "${command}": create, supersede, delete, search or defects`);
  usageCheck(extra.length === 0, `unexpected argument "${extra[0]}"`);
  const { ctx, effects } = contextOf(command, parsed.values, env);
  const { pointers, ...outcome } = outcomeOf(ctx, effects, await exchange(ctx, effects));
  for (const pointer of pointers ?? []) console.log(`pointer ${pointer.id} ${pointer.status} ${pointer.url}`);
  if (outcome.pointerId) console.log(`pointer ${outcome.pointerId}: masterIdentifier ${ctx.masterIdentifier.value}`);
  console.log(JSON.stringify(outcome));
  return outcome.outcome === 'error' ? 1 : 0;
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (!(error instanceof UsageError)) throw error;
    console.error(`nrls-client: ${error.message}`);
    console.error('run "node nrls-client.mjs --help" for the usage');
    process.exitCode = 2;
  },
);
