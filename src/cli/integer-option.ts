// An integer command-line option within bounds; anything else is refused naming the option and the text.

/** The option's value, or `fallback` when it was not given; a RangeError naming `--name` otherwise. */
export function integerOption(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max)
    throw new RangeError(`--${name} must be an integer from ${min} to ${max}, not "${text}"`);
  return value;
}
