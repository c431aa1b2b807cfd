// `npx cucumber-js` (and editor plugins): the whole suite, against the embedded mock started for the run
// (src/runner/cucumber-target.ts), or against a server a target profile describes:
//   npx cucumber-js --world-parameters '{"profile": "my-target.json"}'
//   npx cucumber-js --world-parameters '{"specOnly": true}' features/create.feature
// `nrls-conformance run` does not read this file: it passes its resolved target to Cucumber's API
// itself (src/runner/run-suite.ts). The step definitions are TypeScript, loaded through tsx.
// Cucumber's default paths (features/**/*.feature) are the suite, so a path given on the command line
// runs that file alone. features/client/ and steps/client/ are the client assurance suite (nrls-conformance
// assure-client), which needs a driver and the system under test: its steps are not imported here, and
// its scenarios (all tagged @client) are left out by the tag expression (setting `paths` instead would
// add to, not replace, a path given on the command line).
export default {
  import: ['steps/*.ts', 'steps/support/*.ts', 'src/runner/cucumber-target.ts'],
  tags: 'not @client',
  loader: ['./steps/support/typescript-loader.mjs'],
  strict: true,
  format: ['progress'],
};
