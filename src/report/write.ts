// The only part of the report pipeline that touches the disk: writes assurance.json, its schema,
// assurance.html and a copy of the requirement catalogue into the run's folder, scrubs secrets from every
// file there, and points `latest` at the folder.
import { copyFileSync, readdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { catalogueSourceFile } from '../domain/requirements/catalogue.ts';
import type { AssuranceRun } from './model.ts';
import { redactText, type Secret } from './redact.ts';
import { renderAssuranceHtml } from './render-html.ts';
import { SCHEMA_FILE } from './schema.ts';

export interface WrittenReports {
  dir: string;
  html: string;
  json: string;
}

/**
 * The safety net under the redacted model: every file of the run folder (Cucumber's outputs, which carry
 * what steps attached and threw, preflight.json, and the reports written here), in every subfolder.
 */
export function scrubFiles(dir: string, secrets: readonly Secret[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) scrubFiles(path, secrets);
    if (!entry.isFile()) continue; // `latest` and other links point into this or another run folder
    const text = readFileSync(path, 'utf8');
    const scrubbed = redactText(text, secrets);
    if (scrubbed !== text) writeFileSync(path, scrubbed);
  }
}

/**
 * `pointLatest` (default true) repoints `latest` beside the folder; a report written into another
 * folder (a client recording's) leaves that folder's neighbours alone.
 */
export function writeRunReports(
  run: AssuranceRun,
  dir: string,
  secrets: readonly Secret[],
  { pointLatest = true }: { pointLatest?: boolean } = {},
): WrittenReports {
  const json = join(dir, 'assurance.json');
  const html = join(dir, 'assurance.html');
  writeFileSync(json, `${JSON.stringify(run, null, 2)}\n`);
  // The catalogue beside the page, like the schema beside the JSON: the page's link to it then works
  // wherever the folder is opened (a CI artefact, a container's mounted folder, a reviewer's copy), and the
  // folder keeps the text its requirement ids were judged against.
  const catalogue = catalogueSourceFile();
  if (catalogue) copyFileSync(catalogue, join(dir, basename(catalogue)));
  writeFileSync(
    html,
    renderAssuranceHtml(run, catalogue ? { catalogueHref: encodeURIComponent(basename(catalogue)) } : {}),
  );
  copyFileSync(SCHEMA_FILE, join(dir, 'assurance.schema.json'));
  scrubFiles(dir, secrets);
  if (!pointLatest) return { dir, html, json };
  const latest = join(dirname(dir), 'latest');
  try {
    unlinkSync(latest);
  } catch {
    // No previous run.
  }
  try {
    symlinkSync(basename(dir), latest);
  } catch {
    // A file system without symlinks: the run folder itself is still complete.
  }
  return { dir, html, json };
}
