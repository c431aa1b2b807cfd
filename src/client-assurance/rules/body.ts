// The pointer a create or supersede sends (§2.1, §3): its syntax, media type, profile and the elements
// NRLS-DocumentReference-1 constrains. Each element has its own rule, so a defect names one requirement.
import { formatOfMediaType } from '../../domain/fhir-format.ts';
import { isFhirDateTime, isFhirInstant } from '../../domain/fhir-datetime.ts';
import { POINTER_PROFILE, SNOMED_SYSTEM } from '../../domain/identifiers.ts';
import { CRISIS_PLAN } from '../../domain/pointer-builder.ts';
import { listAt, objectAt, textAt } from './pointer-values.ts';
import { failed, passed, quote, warning, WRITES_POINTER, type JudgingRule } from './rule.ts';

const STU3_BODY_TYPES = new Set(['application/fhir+xml', 'application/fhir+json']);
const LIFE_STATUSES = new Set(['current', 'superseded', 'entered-in-error']);
const MIME_TYPE = /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+(\s*;.*)?$/;
/** The 2.x profile (TKW V26), which a 1.2.x pointer must not claim. */
const PROFILE_2X = 'https://fhir.nhs.uk/STU3/StructureDefinition/NRL-DocumentReference-1';

const provider: JudgingRule['roles'] = ['provider'];

export const BODY_RULES: JudgingRule[] = [
  {
    id: 'body-parses',
    title: 'The body is one FHIR STU3 DocumentReference in well-formed JSON or XML',
    requirements: ['NRLS-PROF-001', 'NRLS-CREATE-020', 'NRLS-CREATE-027', 'NRLS-CREATE-028'],
    level: 'MUST',
    tkw: ['V25'],
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const body = request.body();
      if (body.kind === 'absent') return failed('the POST has no body', ['NRLS-CREATE-028']);
      if (body.kind === 'truncated') return warning('the body was cut to the recording limit, so it is not judged');
      if (body.kind === 'unparsable') return failed(body.reason, ['NRLS-PROF-001', 'NRLS-CREATE-020']);
      if (body.resource.resourceType !== 'DocumentReference')
        return failed(`the body is a ${body.resource.resourceType}, not a DocumentReference`, ['NRLS-CREATE-027']);
      return passed(`a DocumentReference in ${body.syntax.toUpperCase()}`);
    },
  },
  {
    id: 'body-content-type',
    title: 'Content-Type names the STU3 FHIR media type of the body (application/fhir+json or +xml)',
    requirements: ['NRLS-FMT-010'],
    level: 'MOCK-REC',
    tkw: [],
    divergence: 'The spec never names a request Content-Type (AMB-16): a missing or odd one is only a warning.',
    amb: 'AMB-16',
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const body = request.body();
      if (body.kind !== 'parsed') return undefined;
      const declared = request.header('Content-Type');
      if (declared === undefined) return warning(`no Content-Type for the ${body.syntax.toUpperCase()} body`);
      const format = formatOfMediaType(declared);
      if (format !== body.syntax)
        return warning(`Content-Type ${quote(declared)} does not name the body's syntax (${body.syntax})`);
      if (!STU3_BODY_TYPES.has(declared.split(';')[0]!.trim().toLowerCase()))
        return warning(`Content-Type ${quote(declared)} is a DSTU2 or generic type; prefer application/fhir+${format}`);
      return passed(`Content-Type ${declared}`);
    },
  },
  {
    id: 'body-meta-profile',
    title: 'meta.profile claims NRLS-DocumentReference-1',
    requirements: ['NRLS-CREATE-001', 'NRLS-CREATE-024'],
    level: 'MUST',
    tkw: ['V26'],
    divergence:
      'TKW V26 wants exactly the 2.x NRL-DocumentReference-1 profile and fails a body without it. The 1.2.x ' +
      'catalogue (§3.1) says meta.profile is "not required on requests (MOCK-REC)", so a body without it is only ' +
      'a warning here (every 1.2.x example claims it); claiming another profile, such as the 2.x one, fails, ' +
      'since the body MUST conform to NRLS-DocumentReference-1 (NRLS-CREATE-001).',
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const pointer = request.pointer();
      if (!pointer) return undefined;
      const profiles = listAt(objectAt(pointer.meta)?.profile);
      if (profiles.includes(POINTER_PROFILE)) return passed('meta.profile NRLS-DocumentReference-1');
      if (profiles.includes(PROFILE_2X))
        return failed('meta.profile claims the 2.x NRL-DocumentReference-1, not the 1.2.x NRLS-DocumentReference-1');
      if (profiles.length === 0)
        return warning(`DocumentReference.meta.profile is absent (${POINTER_PROFILE} expected)`);
      return failed(`meta.profile ${quote(profiles)} does not include ${POINTER_PROFILE}`);
    },
  },
  {
    id: 'body-status-current',
    title: 'status is current: every pointer is created current',
    requirements: ['NRLS-CREATE-011', 'NRLS-PROF-006', 'NRLS-PROF-007', 'NRLS-PROF-002', 'NRLS-LIFE-005'],
    level: 'MUST',
    tkw: ['V28'],
    divergence: 'D6: TKW V28 lets superseded and entered-in-error through; a 1.2.x create must be current.',
    amb: 'AMB-29',
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const pointer = request.pointer();
      if (!pointer) return undefined;
      const status = pointer.status;
      if (textAt(status) === undefined)
        return failed('DocumentReference.status is missing or empty', ['NRLS-PROF-002']);
      if (!LIFE_STATUSES.has(status as string))
        return failed(`status ${quote(status)} is not in document-reference-status`, ['NRLS-PROF-006']);
      if (status !== 'current') return failed(`status ${quote(status)}: a new pointer must be current`);
      return passed('status current');
    },
  },
  {
    id: 'body-type',
    title: `type has exactly one coding: SNOMED CT ${CRISIS_PLAN.code} with a display and no version`,
    requirements: ['NRLS-CREATE-004', 'NRLS-PROF-008', 'NRLS-PROF-002', 'NRLS-PROF-005', 'NRLS-PROF-004'],
    level: 'MUST',
    tkw: ['V29'],
    divergence: 'D7: TKW V29 counts the type but no longer checks the value set; 1.2.x refuses other codes (AMB-46).',
    amb: 'AMB-46',
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const pointer = request.pointer();
      if (!pointer) return undefined;
      const type = objectAt(pointer.type);
      if (!type) return failed('DocumentReference.type is missing or empty', ['NRLS-CREATE-004', 'NRLS-PROF-002']);
      const codings = listAt(type.coding);
      if (codings.length !== 1)
        return failed(`DocumentReference.type.coding has ${codings.length} codings, not 1`, ['NRLS-PROF-005']);
      const coding = objectAt(codings[0]) ?? {};
      if (coding.system !== SNOMED_SYSTEM)
        return failed(`type.coding[0].system ${quote(coding.system)} is not ${SNOMED_SYSTEM}`, ['NRLS-PROF-008']);
      if (coding.code !== CRISIS_PLAN.code)
        return failed(`type.coding[0].code ${quote(coding.code)} is not in NRLS-RecordType-1`, ['NRLS-PROF-008']);
      if (textAt(coding.display) === undefined)
        return failed('type.coding[0].display is missing or empty', ['NRLS-PROF-002']);
      if (coding.version !== undefined) return failed('type.coding[0].version is prohibited', ['NRLS-PROF-004']);
      return passed(`type ${SNOMED_SYSTEM}|${CRISIS_PLAN.code}`);
    },
  },
  {
    id: 'body-indexed',
    title: 'indexed is present and a FHIR instant',
    requirements: ['NRLS-PROF-009', 'NRLS-PROF-002'],
    level: 'MUST',
    tkw: [],
    amb: 'AMB-51',
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const pointer = request.pointer();
      if (!pointer) return undefined;
      const indexed = pointer.indexed;
      if (textAt(indexed) === undefined)
        return failed('DocumentReference.indexed is missing or empty', ['NRLS-PROF-002']);
      if (!isFhirInstant(indexed as string)) return failed(`indexed ${quote(indexed)} is not a FHIR instant`);
      return passed(`indexed ${indexed}`);
    },
  },
  {
    id: 'body-content',
    title: 'content has at least one attachment, each with a MIME contentType and an absolute url',
    requirements: ['NRLS-PROF-002', 'NRLS-PROF-018', 'NRLS-PROF-019'],
    level: 'MUST',
    tkw: ['V36', 'V37', 'V38'],
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const pointer = request.pointer();
      if (!pointer) return undefined;
      const contents = listAt(pointer.content);
      if (contents.length === 0) return failed('DocumentReference.content is missing or empty');
      for (const [index, content] of contents.entries()) {
        const where = `content[${index}].attachment`;
        const attachment = objectAt(objectAt(content)?.attachment);
        if (!attachment) return failed(`${where} is missing or empty`);
        const contentType = textAt(attachment.contentType);
        if (contentType === undefined) return failed(`${where}.contentType is missing or empty`);
        if (!MIME_TYPE.test(contentType))
          return failed(`${where}.contentType ${quote(contentType)} is not a MIME type`, ['NRLS-PROF-019']);
        const url = textAt(attachment.url);
        if (url === undefined) return failed(`${where}.url is missing or empty`);
        if (!URL.canParse(url)) return failed(`${where}.url ${quote(url)} is not an absolute URI`, ['NRLS-PROF-018']);
      }
      return passed(`${contents.length} content attachment(s)`);
    },
  },
  {
    id: 'body-attachment-creation',
    optional: 'content.attachment.creation (0..1)',
    title: 'content.attachment.creation, when present, is a FHIR dateTime',
    requirements: ['NRLS-PROF-010'],
    level: 'MUST',
    tkw: ['V39'],
    divergence: 'TKW V39 also refuses a creation date after today; 1.2.x asks only for a valid dateTime.',
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const pointer = request.pointer();
      if (!pointer) return undefined;
      const creations = listAt(pointer.content)
        .map((content, index) => [index, objectAt(objectAt(content)?.attachment)?.creation] as const)
        .filter(([, creation]) => creation !== undefined);
      if (creations.length === 0) return undefined;
      for (const [index, creation] of creations) {
        if (typeof creation !== 'string' || !isFhirDateTime(creation))
          return failed(`content[${index}].attachment.creation ${quote(creation)} is not a FHIR dateTime`);
      }
      return passed('attachment creation is a dateTime');
    },
  },
  {
    id: 'body-master-identifier',
    title: 'masterIdentifier, when present, has both system and value',
    requirements: ['NRLS-CREATE-012', 'NRLS-PROF-002'],
    level: 'MUST',
    tkw: ['V27'],
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const pointer = request.pointer();
      if (!pointer || pointer.masterIdentifier === undefined) return undefined;
      const master = objectAt(pointer.masterIdentifier) ?? {};
      const missing = ['system', 'value'].filter((part) => textAt(master[part]) === undefined);
      if (missing.length > 0) return failed(`masterIdentifier.${missing.join(' and .')} missing`);
      return passed(`masterIdentifier ${master.system}|${master.value}`);
    },
  },
];
