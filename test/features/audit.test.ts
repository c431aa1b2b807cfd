// The expectation audit (features/AUDIT.md) is kept true to the suite: every scenario (every Examples block
// of an outline) has a row, each row says what the catalogue allows (written by hand), and the asserted
// steps and each facet's basis are as a run of the suite against the mock records them today.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AUDIT_FILE, renderAudit, unwritten } from '../../scripts/expectation-audit.ts';

describe('the expectation audit (features/AUDIT.md)', () => {
  const current = readFileSync(AUDIT_FILE, 'utf8');

  it('says for every scenario what the catalogue allows', () => {
    assert.deepEqual(unwritten(current), []);
  });

  it('is up to date with the scenarios and the basis of each facet they judge (npm run audit -- --write)', async () => {
    const fresh = await renderAudit(current);
    const [currentLines, freshLines] = [current.split('\n'), fresh.split('\n')];
    const stale = freshLines.filter((line) => !currentLines.includes(line)).slice(0, 3);
    assert.ok(
      fresh === current,
      `AUDIT.md is out of date; run npm run audit -- --write and review ` +
        `the difference. First rows that differ:\n${stale.join('\n')}`,
    );
  });

  it('names the basis of every facet of every scenario: spec, an AMB, or a recommendation', () => {
    const rows = current.split('\n').filter((line) => line.startsWith('| `'));
    assert.ok(rows.length > 150, `${rows.length} rows`);
    for (const row of rows) {
      const basis = row.split(' | ')[4]!.replace(/ \|$/, '');
      assert.notEqual(basis, '', `a row without facets: ${row.slice(0, 120)}`);
      for (const facet of basis.split('; '))
        assert.match(facet, /: (spec|AMB-\d{2}|recommendation)( or (spec|AMB-\d{2}|recommendation))*$/, facet);
    }
  });
});
