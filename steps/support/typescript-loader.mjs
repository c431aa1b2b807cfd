// Cucumber registers each `loaders` entry as Node loader hooks, without registration data, in the main
// process and in every parallel worker. tsx's hooks need an (empty) options object; this passes one,
// so step definitions can be TypeScript wherever Cucumber runs them.
import { initialize as initialiseTsx } from 'tsx/esm';

export { load, resolve } from 'tsx/esm';

export async function initialize(data) {
  return initialiseTsx(data ?? {});
}
