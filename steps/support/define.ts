// Then steps whose expectation may rest on one of the project's AMB choices: each is defined twice, as
// written and with ", as AMB-nn recommends" after it, so a scenario says in its own words which facet is
// ours rather than the spec's (the facet then carries that basis; --spec-only makes it advisory).
import { Then } from '@cucumber/cucumber';
import type { NrlsWorld } from '../world.ts';

type Judged = (this: NrlsWorld, amb: string | undefined, ...args: never[]) => unknown;

/** Cucumber checks a step function's arity against the expression's parameters, so it is set explicitly. */
function withArity<T extends (...args: never[]) => unknown>(fn: T, arity: number): T {
  Object.defineProperty(fn, 'length', { value: arity });
  return fn;
}

export function ThenJudged(pattern: string, step: Judged): void {
  const parameters = (pattern.match(/\{[^}]*\}/g) ?? []).length;
  // Cucumber appends a callback to the arguments it passes; only the expression's parameters are taken.
  Then(
    pattern,
    withArity(function (this: NrlsWorld, ...args: unknown[]) {
      return step.call(this, undefined, ...(args.slice(0, parameters) as never[]));
    }, parameters),
  );
  Then(
    `${pattern}, as {amb} recommends`,
    withArity(function (this: NrlsWorld, ...args: unknown[]) {
      return step.call(this, args[parameters] as string, ...(args.slice(0, parameters) as never[]));
    }, parameters + 1),
  );
}
