// The pointer's references (§3.1, §3.3, §4.6): the patient by NHS number, the author and the custodian
// by ODS code, the custodian being the sender's own organisation, and the elements the profile prohibits.
import { ORGANISATION_URL_PREFIX, PATIENT_URL_PREFIX } from '../../domain/identifiers.ts';
import { isValidNhsNumber } from '../../domain/nhs-number.ts';
import { odsCodeOf } from '../../domain/pointer.ts';
import { listAt, objectAt, textAt } from './pointer-values.ts';
import { failed, passed, quote, WRITES_POINTER, type JudgingRule } from './rule.ts';

const provider: JudgingRule['roles'] = ['provider'];

/** NRLS-PROF-004: the 0..0 elements of NRLS-DocumentReference-1. */
const PROHIBITED = ['subject.identifier', 'subject.display', 'custodian.identifier', 'custodian.display'];

export const REFERENCE_RULES: JudgingRule[] = [
  {
    id: 'body-subject-reference',
    title: 'subject.reference is https://demographics.spineservices.nhs.uk/STU3/Patient/[NHS Number]',
    requirements: ['NRLS-PROF-012', 'NRLS-CREATE-016', 'NRLS-PROF-002'],
    level: 'MUST',
    tkw: ['V30'],
    amb: 'AMB-48',
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const pointer = request.pointer();
      if (!pointer) return undefined;
      const reference = textAt(objectAt(pointer.subject)?.reference);
      if (reference === undefined)
        return failed('DocumentReference.subject.reference is missing or empty', ['NRLS-PROF-002']);
      if (!reference.startsWith(PATIENT_URL_PREFIX) || reference === PATIENT_URL_PREFIX)
        return failed(`subject.reference ${quote(reference)} is not ${PATIENT_URL_PREFIX}[NHS Number]`);
      return passed(`subject ${reference}`);
    },
  },
  {
    id: 'body-subject-nhs-number',
    title: 'The NHS number in subject.reference is 10 digits with a valid Modulus 11 check digit',
    requirements: ['NRLS-PROF-013', 'NRLS-CREATE-017', 'NRLS-NHS-001', 'NRLS-NHS-002', 'NRLS-NHS-006'],
    level: 'MUST',
    tkw: [],
    divergence: 'TKW V30 checks only the reference prefix; 1.2.x refuses an invalid NHS number (INVALID_NHS_NUMBER).',
    amb: 'AMB-58',
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const reference = textAt(objectAt(request.pointer()?.subject)?.reference);
      if (reference === undefined || !reference.startsWith(PATIENT_URL_PREFIX) || reference === PATIENT_URL_PREFIX)
        return undefined;
      const nhsNumber = reference.slice(PATIENT_URL_PREFIX.length);
      if (!isValidNhsNumber(nhsNumber))
        return failed(`subject NHS number ${quote(nhsNumber)} is not 10 digits with a valid check digit`);
      return passed(`NHS number ${nhsNumber}`);
    },
  },
  {
    id: 'body-author',
    title: 'author is exactly one https://directory.spineservices.nhs.uk/STU3/Organization/[ODS Code] reference',
    requirements: ['NRLS-PROF-014', 'NRLS-PROF-005', 'NRLS-CREATE-018', 'NRLS-PROF-002', 'NRLS-PROF-004'],
    level: 'MUST',
    tkw: ['V31'],
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const pointer = request.pointer();
      if (!pointer) return undefined;
      const authors = listAt(pointer.author);
      if (authors.length === 0) return failed('DocumentReference.author is missing or empty', ['NRLS-PROF-002']);
      if (authors.length > 1)
        return failed(`DocumentReference.author has ${authors.length} entries, not 1`, ['NRLS-PROF-005']);
      const author = objectAt(authors[0]) ?? {};
      const reference = textAt(author.reference);
      if (reference === undefined) return failed('author[0].reference is missing or empty', ['NRLS-PROF-002']);
      if (!odsCodeOf(reference))
        return failed(`author[0].reference ${quote(reference)} is not ${ORGANISATION_URL_PREFIX}[ODS Code]`);
      for (const element of ['identifier', 'display'])
        if (author[element] !== undefined) return failed(`author[0].${element} is prohibited`, ['NRLS-PROF-004']);
      return passed(`author ${reference}`);
    },
  },
  {
    id: 'body-custodian-reference',
    title: 'custodian.reference is https://directory.spineservices.nhs.uk/STU3/Organization/[ODS Code]',
    requirements: ['NRLS-PROF-014', 'NRLS-CREATE-018', 'NRLS-PROF-002'],
    level: 'MUST',
    tkw: ['V32'],
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const pointer = request.pointer();
      if (!pointer) return undefined;
      const reference = textAt(objectAt(pointer.custodian)?.reference);
      if (reference === undefined)
        return failed('DocumentReference.custodian.reference is missing or empty', ['NRLS-PROF-002']);
      if (!odsCodeOf(reference))
        return failed(`custodian.reference ${quote(reference)} is not ${ORGANISATION_URL_PREFIX}[ODS Code]`);
      return passed(`custodian ${reference}`);
    },
  },
  {
    id: 'body-custodian-is-sender',
    title: "The custodian is the sender's own organisation: the ODS code tied to fromASID",
    requirements: ['NRLS-CREATE-003', 'NRLS-AUTHZ-013', 'NRLS-PROF-016', 'NRLS-HDR-009'],
    level: 'SHALL',
    tkw: [],
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const ods = odsCodeOf(objectAt(request.pointer()?.custodian)?.reference);
      if (!ods || !request.sender) return undefined;
      const { asid, ods: own } = request.sender;
      if (ods !== own) return failed(`custodian ODS ${ods} is not ${own}, the ODS of the sender ASID ${asid}`);
      return passed(`custodian ${ods} is the sender's organisation`);
    },
  },
  {
    id: 'body-prohibited-elements',
    title: 'The pointer carries none of the elements the profile prohibits (subject/custodian identifier, display)',
    requirements: ['NRLS-PROF-004'],
    level: 'MOCK-REC',
    tkw: [],
    interactions: WRITES_POINTER,
    roles: provider,
    judge(request) {
      const pointer = request.pointer();
      if (!pointer) return undefined;
      const found = PROHIBITED.filter((path) => {
        const [parent, child] = path.split('.') as [string, string];
        return objectAt(pointer[parent])?.[child] !== undefined;
      });
      if (found.length > 0) return failed(`prohibited element(s) present: ${found.join(', ')}`);
      return passed('no prohibited elements');
    },
  },
];
