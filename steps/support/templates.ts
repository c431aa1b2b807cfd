// Expected texts in scenarios may name values the suite chose at run time: `{nhsNumber}`, `{id}`,
// `{provider.asid}`, or a claim the last request sent, `{claim:sub}`. Unknown names fail loudly.
import type { NrlsWorld } from '../world.ts';
import { decodeJwt, bearerToken } from '../../src/domain/jwt.ts';

export function fillTemplate(world: NrlsWorld, template: string): string {
  return template.replace(/\{([A-Za-z_.:]+)\}/g, (_match, name: string) => {
    const value = lookup(world, name);
    if (value === undefined) throw new Error(`the scenario text names {${name}}, which this scenario has no value for`);
    return value;
  });
}

function lookup(world: NrlsWorld, name: string): string | undefined {
  const target = world.target;
  if (name.startsWith('claim:')) {
    const authorization = world.lastExchange().request.headers.Authorization;
    const payload = authorization
      ? (decodeJwt(bearerToken(authorization))?.payload as Record<string, unknown> | undefined)
      : undefined;
    const value = payload?.[name.slice('claim:'.length)];
    return value === undefined ? undefined : String(value);
  }
  const pointerNhs = world.patient;
  const values: Record<string, string | undefined> = {
    nhsNumber: pointerNhs,
    subjectUrl: pointerNhs === undefined ? undefined : world.subjectOf(pointerNhs),
    pointerNhsNumber: world.pointer?.subject?.reference?.replace(/^.*\/Patient\//, ''),
    id: world.existing?.id,
    existingId: world.existing?.id,
    masterIdentifierValue: world.pointer?.masterIdentifier?.value ?? world.existing?.masterIdentifier?.value,
    masterIdentifierSystem: world.pointer?.masterIdentifier?.system ?? world.existing?.masterIdentifier?.system,
    requestUrl: world.lastExchange().request.url,
    firstRecordType: `${target.recordTypes[0]!.system}|${target.recordTypes[0]!.code}`,
    unknownPatient: target.patients.unknown,
    unknownOds: target.organisations.unknown,
    authorOds: target.organisations.author,
    'consumer.asid': target.consumer.asid,
    'consumer.ods': target.consumer.ods,
    'provider.asid': target.provider.asid,
    'provider.ods': target.provider.ods,
    'secondProvider.asid': target.secondProvider.asid,
    'secondProvider.ods': target.secondProvider.ods,
  };
  return values[name];
}
