/**
 * Just enough of the zip format for an .xlsx: the central directory from the end of the file, then one
 * entry at a time inflated as a stream. Sizes and offsets are checked against the file before anything
 * is allocated, and inflated bytes are counted as they come (the directory's sizes may lie).
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { ImportCancelled, ImportFileError, ImportLimitError, type Budget } from './limits';

export type ZipSource = { size: number; read(offset: number, length: number): Promise<Buffer>; stream(offset: number, length: number): Readable };

const CHUNK = 256 * 1024;

export function fileZipSource(path: string): ZipSource {
  const size = fs.statSync(path).size;
  return {
    size,
    async read(offset, length) {
      const fh = await fs.promises.open(path, 'r');
      try {
        const b = Buffer.alloc(length);
        const { bytesRead } = await fh.read(b, 0, length, offset);
        return b.subarray(0, bytesRead);
      } finally { await fh.close(); }
    },
    stream: (offset, length) => (length > 0 ? fs.createReadStream(path, { start: offset, end: offset + length - 1, highWaterMark: CHUNK }) : Readable.from([])),
  };
}

export function bufferZipSource(data: Buffer, onBytes?: (n: number) => void): ZipSource {
  return {
    size: data.length,
    read: async (offset, length) => data.subarray(offset, offset + length),
    stream(offset, length) {
      let off = offset;
      const end = offset + length;
      return new Readable({
        read() {
          if (off >= end) { this.push(null); return; }
          const next = Math.min(off + CHUNK, end);
          this.push(data.subarray(off, next));
          off = next;
          onBytes?.(off);
        },
      });
    },
  };
}

export type ZipEntry = { name: string; method: number; flags: number; compressedSize: number; size: number; localOffset: number };

/** The entries of the zip, by name. Refuses what is not a plain zip (ZIP64, encryption) before reading on. */
export async function centralDirectory(src: ZipSource): Promise<Map<string, ZipEntry>> {
  if (src.size < 22) throw new ImportFileError('unreadable', 'not a zip file');
  const tailLen = Math.min(src.size, 65_557);
  const tail = await src.read(src.size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  if (eocd < 0) throw new ImportFileError('unreadable', 'not a zip file');
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new ImportFileError('unsupported', 'zip64');
  if (cdOffset + cdSize > src.size) throw new ImportFileError('unreadable', 'central directory outside the file');
  const cd = await src.read(cdOffset, cdSize);
  const out = new Map<string, ZipEntry>();
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw new ImportFileError('unreadable', 'bad central directory');
    const nameLen = cd.readUInt16LE(p + 28);
    const e: ZipEntry = {
      name: cd.subarray(p + 46, p + 46 + nameLen).toString('utf8'), flags: cd.readUInt16LE(p + 8), method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20), size: cd.readUInt32LE(p + 24), localOffset: cd.readUInt32LE(p + 42),
    };
    out.set(e.name, e);
    p += 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
  }
  return out;
}

/** What can be told from the directory alone: a part the reader would refuse, before inflating anything. */
export function checkEntry(e: ZipEntry, fileSize: number, budget: Budget): void {
  if (e.flags & 1) throw new ImportFileError('unsupported', 'encrypted');
  if (e.method !== 0 && e.method !== 8) throw new ImportFileError('unsupported', `compression method ${e.method}`);
  if (e.size === 0xffffffff || e.compressedSize === 0xffffffff) throw new ImportFileError('unsupported', 'zip64');
  if (e.localOffset + 30 + e.compressedSize > fileSize) throw new ImportFileError('unreadable', 'entry outside the file');
  if (e.size > RATIO_FREE && e.size > budget.limits.maxRatio * Math.max(1, e.compressedSize)) throw new ImportLimitError('ratio', { max: budget.limits.maxRatio, part: e.name });
}

/** Below this many inflated bytes a part may have any ratio (small XML parts compress 50 times and more). */
const RATIO_FREE = 2 ** 20;

/**
 * The entry's content as text (UTF-8 decoded across chunk boundaries), inflated as a stream: every
 * chunk is counted against the file's budget and the entry's ratio, and the reading stops at the first
 * excess. The stream is destroyed when the consumer stops early.
 */
export async function* entryText(src: ZipSource, e: ZipEntry, budget: Budget): AsyncGenerator<string> {
  checkEntry(e, src.size, budget);
  const h = await src.read(e.localOffset, 30);
  if (h.length < 30 || h.readUInt32LE(0) !== 0x04034b50) throw new ImportFileError('unreadable', 'bad local header');
  const start = e.localOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
  const length = Math.min(e.compressedSize, Math.max(0, src.size - start));
  const raw = src.stream(start, length);
  const body = e.method === 8 ? raw.pipe(zlib.createInflateRaw({ chunkSize: CHUNK })) : raw;
  if (body !== raw) raw.on('error', (err) => body.destroy(err));
  const maxInflated = Math.max(RATIO_FREE, budget.limits.maxRatio * Math.max(1, length));
  const dec = new StringDecoder('utf8');
  let inflated = 0;
  try {
    for await (const chunk of body) {
      budget.check();
      const b = chunk as Buffer;
      inflated += b.length;
      if (inflated > maxInflated) throw new ImportLimitError('ratio', { max: budget.limits.maxRatio, part: e.name });
      budget.addText(b.length);
      const s = dec.write(b);
      if (s) yield s;
    }
  } catch (err) {
    if (err instanceof ImportLimitError || err instanceof ImportFileError || err instanceof ImportCancelled) throw err;
    throw new ImportFileError('unreadable', (err as Error).message);
  } finally {
    body.destroy();
    raw.destroy();
  }
  const rest = dec.end();
  if (rest) yield rest;
}

/** A small part (workbook, relationships) as one string, refused past `max` characters. */
export async function entryString(src: ZipSource, e: ZipEntry | undefined, budget: Budget, max = 8 * 2 ** 20): Promise<string> {
  if (!e) return '';
  const parts: string[] = [];
  let n = 0;
  for await (const t of entryText(src, e, budget)) {
    n += t.length;
    if (n > max) throw new ImportLimitError('part', { part: e.name });
    parts.push(t);
  }
  return parts.join('');
}
