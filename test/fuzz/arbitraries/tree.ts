// Mutations of a resource as a JSON tree for the body generator: delete, replace or wrap a node, unwrap
// or duplicate an array item, inject a member (`__proto__` included). Positions are fractions of the
// nodes there turn out to be, so a mutation generated before the tree exists still lands somewhere.
import fc from 'fast-check';
import { at, elementKey, position, type Json, type Step } from './values.ts';

export type TreeMutation =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'inject'; at: number; key: string; value: Json }
  | { kind: 'wrap'; at: number }
  | { kind: 'unwrap'; at: number }
  | { kind: 'duplicate-item'; at: number };

export const treeMutation = (values: fc.Arbitrary<Json>): fc.Arbitrary<TreeMutation> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: position }) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: position, value: values }) },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('inject' as const), at: position, key: elementKey, value: values }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('wrap' as const), at: position }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('unwrap' as const), at: position }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate-item' as const), at: position }) },
  );

/** Every node below the root, as a path of keys and indexes. */
function nodePaths(root: Json): Step[][] {
  const paths: Step[][] = [];
  const walk = (node: Json, path: Step[]) => {
    if (node === null || typeof node !== 'object') return;
    const entries: [Step, Json][] = Array.isArray(node)
      ? node.map((value, index) => [index, value])
      : Object.entries(node);
    for (const [step, child] of entries) {
      paths.push([...path, step]);
      walk(child, [...path, step]);
    }
  };
  walk(root, []);
  return paths;
}

function nodeAt(root: Json, path: Step[]): Json {
  let node: Json = root;
  for (const step of path) node = (node as Record<Step, Json>)[step]!;
  return node;
}

/** Sets an own property, even `__proto__`. Generated values can be shared (constants), so they go in as copies. */
function setOwn(container: Json, step: Step, value: Json): void {
  if (Array.isArray(container)) container[step as number] = value;
  else Object.defineProperty(container, step, { value, enumerable: true, writable: true, configurable: true });
}

export function applyTreeMutation(root: Json, mutation: TreeMutation): string {
  const paths = nodePaths(root);
  if (mutation.kind === 'inject') {
    const objects = [[], ...paths].filter((path) => {
      const node = nodeAt(root, path);
      return node !== null && typeof node === 'object' && !Array.isArray(node);
    });
    const path = at(objects, mutation.at) ?? [];
    setOwn(nodeAt(root, path), mutation.key, structuredClone(mutation.value));
    return `inject ${[...path, mutation.key.slice(0, 20)].join('.')}`;
  }
  const candidates =
    mutation.kind === 'duplicate-item' || mutation.kind === 'unwrap'
      ? paths.filter((path) => Array.isArray(nodeAt(root, path)))
      : paths;
  const path = at(candidates, mutation.at);
  if (!path) return `${mutation.kind} (nothing)`;
  const parent = nodeAt(root, path.slice(0, -1));
  const step = path[path.length - 1]!;
  const node = nodeAt(root, path);
  switch (mutation.kind) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(step as number, 1);
      else delete (parent as Record<string, Json>)[step];
      break;
    case 'replace':
      setOwn(parent, step, structuredClone(mutation.value));
      break;
    case 'wrap':
      setOwn(parent, step, [node]);
      break;
    case 'unwrap':
      setOwn(parent, step, (node as Json[])[0] ?? null);
      break;
    case 'duplicate-item':
      (node as Json[]).push(structuredClone((node as Json[])[0] ?? null));
      break;
  }
  return `${mutation.kind} ${path.join('.')}`;
}
