// A supersede (§2.2): a create whose first relatesTo replaces the target, named by its master identifier,
// with a master identifier of its own.
import { listAt, objectAt, textAt } from './pointer-values.ts';
import { failed, passed, quote, type JudgingRule } from './rule.ts';

const RELATIONSHIP_CODES = new Set(['replaces', 'transforms', 'signs', 'appends']);

export const SUPERSEDE_RULES: JudgingRule[] = [
  {
    id: 'supersede-relates-to-replaces',
    title: 'The first relatesTo has code replaces',
    requirements: ['NRLS-SUPERSEDE-002', 'NRLS-SUPERSEDE-011', 'NRLS-PROF-011'],
    level: 'MUST',
    tkw: ['V33'],
    divergence:
      'TKW V33 wants every relatesTo to be replaces and V35 at most one; 1.2.x reads only the first and stores ' +
      'the rest (NRLS-SUPERSEDE-004). A valid other code is stored but supersedes nothing (AMB-33), so it fails here.',
    amb: 'AMB-33',
    interactions: ['supersede'],
    roles: ['provider'],
    judge(request) {
      const first = objectAt(listAt(request.pointer()?.relatesTo)[0]);
      if (!first) return undefined;
      const code = first.code;
      if (textAt(code) === undefined) return failed('relatesTo[0].code is missing or empty');
      if (!RELATIONSHIP_CODES.has(code as string))
        return failed(`relatesTo[0].code ${quote(code)} is not a document-relationship-type`, ['NRLS-PROF-011']);
      if (code !== 'replaces') return failed(`relatesTo[0].code ${quote(code)} is not replaces: nothing is superseded`);
      return passed('relatesTo[0].code replaces');
    },
  },
  {
    id: 'supersede-target-identifier',
    title: "relatesTo[0].target.identifier names the target's master identifier: system and value",
    requirements: ['NRLS-SUPERSEDE-016', 'NRLS-SUPERSEDE-002', 'NRLS-PROF-002'],
    level: 'MUST',
    tkw: ['V34'],
    divergence: 'TKW V34 also accepts a target.reference (2.x); 1.2.3 names the target by identifier only.',
    interactions: ['supersede'],
    roles: ['provider'],
    judge(request) {
      const first = objectAt(listAt(request.pointer()?.relatesTo)[0]);
      if (!first) return undefined;
      const target = objectAt(first.target);
      if (!target) return failed('relatesTo[0].target is missing or empty');
      const identifier = objectAt(target.identifier);
      if (!identifier) return failed('relatesTo[0].target has no identifier (the target masterIdentifier)');
      const missing = ['system', 'value'].filter((part) => textAt(identifier[part]) === undefined);
      if (missing.length > 0) return failed(`relatesTo[0].target.identifier.${missing.join(' and .')} missing`);
      return passed(`target ${identifier.system}|${identifier.value}`);
    },
  },
  {
    id: 'supersede-own-master-identifier',
    title: 'The new pointer has a master identifier of its own, not the one it replaces',
    requirements: ['NRLS-SUPERSEDE-013'],
    level: 'MUST',
    tkw: ['V42'],
    interactions: ['supersede'],
    roles: ['provider'],
    judge(request) {
      const pointer = request.pointer();
      const target = objectAt(objectAt(objectAt(listAt(pointer?.relatesTo)[0])?.target)?.identifier);
      if (!pointer || !target) return undefined;
      const master = objectAt(pointer.masterIdentifier);
      if (!master) return failed('a superseding pointer has no masterIdentifier');
      if (master.system === target.system && master.value === target.value)
        return failed(`masterIdentifier ${quote(master.value)} is the one of the pointer it replaces`);
      return passed('its own masterIdentifier');
    },
  },
];
