// The evidence bundle's ustar writer and reader (issue 13, point 1): what it writes, any tar unpacks; what a
// damaged or hostile archive holds is refused, not followed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readTar, TarFormatError, writeTar } from '../../src/evidence/tar.ts';

const ENTRIES = [
  { path: 'run-1/manifest.json', data: Buffer.from('{"a":1}\n'), mtime: 1_700_000_000 },
  { path: 'run-1/empty.txt', data: Buffer.alloc(0), mtime: 1_700_000_000 },
  { path: 'run-1/exactly-a-block.bin', data: Buffer.alloc(512, 7), mtime: 1_700_000_000 },
  { path: `run-1/${'deep/'.repeat(30)}é-long-name.ndjson`, data: Buffer.from('x\n'.repeat(700)), mtime: 0 },
];

const tarAvailable = spawnSync('tar', ['--version']).status === 0;

describe('evidence bundle: the ustar writer and reader', () => {
  it('reads back every entry it wrote, byte for byte, names over 100 bytes included', () => {
    const read = readTar(writeTar(ENTRIES));
    assert.deepEqual(
      read.map(({ path, data, mtime }) => ({ path, data: Buffer.from(data), mtime })),
      ENTRIES,
    );
  });

  it('writes what the system tar lists and unpacks to the same bytes', { skip: !tarAvailable && 'no tar' }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'nrls-tar-'));
    try {
      writeFileSync(join(dir, 'a.tar'), writeTar(ENTRIES));
      const listed = spawnSync('tar', ['-tf', 'a.tar'], { cwd: dir, encoding: 'utf8' });
      assert.equal(listed.status, 0, listed.stderr);
      assert.deepEqual(
        listed.stdout.trim().split('\n'),
        ENTRIES.map((entry) => entry.path),
      );
      assert.equal(spawnSync('tar', ['-xf', 'a.tar'], { cwd: dir }).status, 0);
      for (const entry of ENTRIES) assert.deepEqual(readFileSync(join(dir, entry.path)), entry.data, entry.path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a header whose checksum does not add up (a damaged archive)', () => {
    const archive = writeTar(ENTRIES);
    archive[5] = archive[5]! ^ 0x01; // inside the first entry's name
    assert.throws(
      () => readTar(archive),
      (error: Error) => error instanceof TarFormatError && /checksum/.test(error.message),
    );
  });

  it('refuses a link (it is not followed) and an archive cut short', () => {
    const archive = writeTar(ENTRIES.slice(0, 1));
    archive.write('2', 156, 'ascii'); // a symbolic link
    let sum = 0;
    for (let at = 0; at < 512; at++) sum += at >= 148 && at < 156 ? 0x20 : archive[at]!;
    archive.write(`${sum.toString(8).padStart(6, '0')}\0`, 148, 'ascii');
    assert.throws(() => readTar(archive), /not a regular file/);
    assert.throws(() => readTar(writeTar(ENTRIES).subarray(0, 1024)), /cut short/);
  });

  it('refuses a name it cannot store rather than cutting it', () => {
    assert.throws(() => writeTar([{ path: 'x'.repeat(101), data: Buffer.alloc(1) }]), /too long a name/);
  });
});
