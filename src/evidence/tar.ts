// A minimal POSIX ustar writer and reader for the evidence bundle (issue 13, point 1): regular files only,
// in memory. Node has gzip (zlib) but no tar; a bundle is a few files of a few MB, and any `tar xzf` can
// unpack what this writes, so a reviewer needs no harness to read the evidence, only to check it.

const BLOCK = 512;

export interface TarEntry {
  path: string;
  data: Buffer;
  /** Seconds since the epoch (the file's modification time); 0 when unknown. */
  mtime?: number;
}

export class TarFormatError extends Error {
  override name = 'TarFormatError';
}

/** ustar names are 100 bytes, or 155 bytes of prefix + '/' + 100; a run folder's names are far shorter. */
function splitName(path: string): { name: string; prefix: string } {
  if (Buffer.byteLength(path) <= 100) return { name: path, prefix: '' };
  const cut = path.lastIndexOf('/', 155);
  if (cut > 0 && Buffer.byteLength(path.slice(cut + 1)) <= 100 && Buffer.byteLength(path.slice(0, cut)) <= 155)
    return { name: path.slice(cut + 1), prefix: path.slice(0, cut) };
  throw new TarFormatError(`${path}: too long a name for a ustar archive`);
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(entry: TarEntry): Buffer {
  const block = Buffer.alloc(BLOCK);
  const { name, prefix } = splitName(entry.path);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii'); // uid
  block.write(octal(0, 8), 116, 'ascii'); // gid
  if (entry.data.length > 0o77777777777) throw new TarFormatError(`${entry.path}: larger than ustar allows`);
  block.write(octal(entry.data.length, 12), 124, 'ascii');
  block.write(octal(Math.max(0, Math.floor(entry.mtime ?? 0)), 12), 136, 'ascii');
  block.write('        ', 148, 'ascii'); // the checksum is summed with its own field as spaces
  block.write('0', 156, 'ascii'); // a regular file
  block.write('ustar\0' + '00', 257, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  block.write(octal(checksum(block), 7), 148, 'ascii');
  return block;
}

function checksum(block: Buffer): number {
  let sum = 0;
  for (let at = 0; at < BLOCK; at++) sum += at >= 148 && at < 156 ? 0x20 : block[at]!;
  return sum;
}

export function writeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(header(entry), entry.data);
    const padding = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
    if (padding > 0) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(BLOCK * 2)); // the end of the archive: two zero blocks
  return Buffer.concat(parts);
}

const text = (block: Buffer, from: number, length: number) => {
  const field = block.subarray(from, from + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8');
};

function numberField(block: Buffer, from: number, length: number, what: string): number {
  const value = text(block, from, length).trim();
  if (!/^[0-7]+$/.test(value)) throw new TarFormatError(`a ${what} field that is not an octal number`);
  return Number.parseInt(value, 8);
}

/** Every entry, in order; anything but a regular file (a link, a device) is refused, not followed. */
export function readTar(archive: Buffer): TarEntry[] {
  const entries: TarEntry[] = [];
  for (let at = 0; at + BLOCK <= archive.length; ) {
    const block = archive.subarray(at, at + BLOCK);
    if (block.every((byte) => byte === 0)) return entries;
    if (text(block, 257, 6) !== 'ustar') throw new TarFormatError(`no ustar header at byte ${at}`);
    if (numberField(block, 148, 8, 'checksum') !== checksum(block))
      throw new TarFormatError(`a damaged header at byte ${at} (checksum)`);
    const prefix = text(block, 345, 155);
    const path = prefix ? `${prefix}/${text(block, 0, 100)}` : text(block, 0, 100);
    const type = String.fromCharCode(block[156]!);
    if (type !== '0' && type !== '\0') throw new TarFormatError(`${path}: not a regular file (type ${type})`);
    const size = numberField(block, 124, 12, 'size');
    const start = at + BLOCK;
    if (start + size > archive.length) throw new TarFormatError(`${path}: cut short`);
    entries.push({ path, data: archive.subarray(start, start + size), mtime: numberField(block, 136, 12, 'mtime') });
    at = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new TarFormatError('no end-of-archive marker: the archive is cut short');
}
