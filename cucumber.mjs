// `npx cucumber-js` (and editor plugins): the whole suite, against the embedded mock started for the run
// (src/runner/cucumber-target.ts), or against a server a target profile describes:
//   npx cucumber-js --world-parameters '{"profile": "my-target.json"}'
//   npx cucumber-js --world-parameters '{"specOnly": true}' features/create.feature
// `nrls-conformance run` does not read this file: it passes its resolved target to Cucumber's API
// itself (src/runner/run-suite.ts). The step definitions are TypeScript, loaded through tsx.
// Cucumber's default paths (features/**/*.feature) are the suite, so a path given on the command line
// runs that file alone.
export default {
  import: ['steps/**/*.ts', 'src/runner/cucumber-target.ts'],
  loader: ['./steps/support/typescript-loader.mjs'],
  strict: true,
  format: ['progress'],
};
