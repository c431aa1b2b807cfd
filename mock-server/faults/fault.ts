// What a fault is: a named variant of the mock that breaks one rule the way a real implementation
// plausibly would, declaring the requirement ids it breaks (the mutation run proves the suite catches it).
// It replaces a rule of the production rules, wraps a stage, or rewrites the answer at the HTTP boundary;
// the stages and rules themselves never ask whether a fault is on.
import type { Rules, StageName, StageWrapper, Variant } from '../rules.ts';

export interface FaultSpec {
  area: string;
  breaks: readonly string[];
  description: string;
  /** The AMB choice the fault departs from, where what it breaks is our reading rather than the spec's text. */
  amb?: string;
}

export type Fault = FaultSpec & Variant;

export function fault(area: string, breaks: string[], description: string, variant: Variant, amb?: string): Fault {
  return { area, breaks, description, ...(amb ? { amb } : {}), ...variant };
}

/** A variant replacing some rules of one area; `base` is the area's rules as composed so far. */
export function rule<A extends keyof Rules>(area: A, patch: (base: Rules[A]) => Partial<Rules[A]>): Variant {
  return { rules: (rules) => ({ ...rules, [area]: { ...rules[area], ...patch(rules[area]) } }) };
}

/** A variant wrapping one stage of the pipeline. */
export function stage(name: StageName, wrap: StageWrapper): Variant {
  return { stages: { [name]: wrap } };
}

/** Several variants as one (rules replaced in order; stages wrapped, each named once). */
export function combine(...variants: Variant[]): Variant {
  const combined: Variant = {};
  if (variants.some((variant) => variant.rules)) {
    combined.rules = (rules) => variants.reduce((composed, variant) => variant.rules?.(composed) ?? composed, rules);
  }
  if (variants.some((variant) => variant.stages)) {
    combined.stages = Object.assign({}, ...variants.map((variant) => variant.stages ?? {}));
  }
  return combined;
}
