// Which elements of NRLS-DocumentReference-1 are mandatory (the 1..1 and 1..* elements of §3.1, and
// those mandatory inside an optional parent: masterIdentifier.system/value, relatesTo.code/target),
// read from the profile schema itself so that the body reader and the profile check cannot disagree.
// The body reader asks it to tell a mandatory element present without a value (NRLS-PROF-003) from a
// body that is not FHIR (NRLS-PROF-001).
import type { ProfileSchema } from './profile-schema.ts';

/** One step down from the resource: an element's name and which of its repetitions (0 when it does not repeat). */
export interface ElementStep {
  name: string;
  index: number;
}

/**
 * Whether the element at these steps is mandatory where it sits and holds a value: the profile declares
 * it, and not as an object or array.
 */
export type MandatoryValueTest = (steps: readonly ElementStep[]) => boolean;

interface SchemaNode {
  type?: string;
  required?: readonly string[];
  properties?: Record<string, SchemaNode | boolean>;
  items?: SchemaNode | SchemaNode[];
  additionalItems?: SchemaNode;
}

const asNode = (schema: SchemaNode | boolean | undefined): SchemaNode | undefined =>
  typeof schema === 'object' ? schema : undefined;

function testFor(schema: SchemaNode): MandatoryValueTest {
  return (steps) => {
    let node: SchemaNode | undefined = schema;
    let required = false;
    for (const { name, index } of steps) {
      if (!node) return false;
      required = node.required?.includes(name) ?? false;
      let child: SchemaNode | undefined =
        node.properties && Object.hasOwn(node.properties, name) ? asNode(node.properties[name]) : undefined;
      if (child?.type === 'array') {
        const items: SchemaNode | SchemaNode[] | undefined = child.items;
        child = Array.isArray(items) ? (items[index] ?? child.additionalItems) : items;
      } else if (index > 0) {
        return false; // a second copy of an element that does not repeat
      }
      node = child;
    }
    return required && node !== undefined && node.type !== 'object' && node.type !== 'array';
  };
}

/** The test for one profile schema (app.ts builds it once per app, from the schema its rules give). */
export function mandatoryValueTest(schema: ProfileSchema): MandatoryValueTest {
  return testFor(schema as SchemaNode);
}
