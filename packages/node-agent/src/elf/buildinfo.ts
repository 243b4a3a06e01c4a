import { Fields } from './header';
import { PF_W, PT_LOAD, ProgramHeader, vaddrToOffset } from './segments';
import { Section } from './sections';
import { ByteSource, ElfError } from './source';

/**
 * Go build information, as `debug/buildinfo` reads it: a 32-byte header starting with
 * "\xff Go buildinf:", then (Go >= 1.18, flag 0x2) two varint-prefixed strings, or (older) two
 * pointers to Go string headers.
 */
export interface GoBuildInfo {
  goVersion: string;
  /** Main package path, e.g. "example.com/app/cmd/server". */
  path?: string;
  /** Main module path and version. */
  module?: { path: string; version: string };
}

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const SEARCH_WINDOW = 64 * 1024;
const MAX_STRING = 64 * 1024;
const FLAG_BIG_ENDIAN = 0x1;
const FLAG_VERSION_INLINE = 0x2;

/** Finds and decodes build info; undefined when the file carries none (not a Go binary). */
export function readGoBuildInfo(
  src: ByteSource,
  phdrs: ProgramHeader[],
  sections: Section[],
): GoBuildInfo | undefined {
  const data = locate(src, phdrs, sections);
  if (!data) return undefined;
  const { buf, at } = data;
  const ptrSize = buf[at + 14];
  const flags = buf[at + 15];
  let version: string;
  let mod: string;
  if (flags & FLAG_VERSION_INLINE) {
    let pos = at + 32;
    const v = readVarString(buf, pos);
    pos = v.next;
    version = v.value;
    mod = readVarString(buf, pos).value;
  } else {
    if (ptrSize !== 4 && ptrSize !== 8)
      throw new ElfError(`bad Go pointer size ${ptrSize}`);
    const f = new Fields(buf, !(flags & FLAG_BIG_ENDIAN));
    const ptr = (off: number) => (ptrSize === 8 ? f.u64(off) : f.u32(off));
    const le = !(flags & FLAG_BIG_ENDIAN);
    version = readGoString(src, phdrs, ptr(at + 16), ptrSize, le);
    mod = readGoString(src, phdrs, ptr(at + 16 + ptrSize), ptrSize, le);
  }
  if (!/^go\d/.test(version) && !/^devel/.test(version)) {
    throw new ElfError('Go build info has no Go version');
  }
  return { goVersion: version, ...parseModInfo(mod) };
}

function locate(
  src: ByteSource,
  phdrs: ProgramHeader[],
  sections: Section[],
): { buf: Buffer; at: number } | undefined {
  const sec = sections.find(s => s.name === '.go.buildinfo');
  let start: number | undefined;
  let length = SEARCH_WINDOW;
  if (sec) {
    start = sec.offset;
    length = Math.min(sec.size + MAX_STRING, SEARCH_WINDOW);
  } else {
    // No section headers: Go's own reader searches the start of the first writable segment.
    const seg = phdrs.find(p => p.type === PT_LOAD && (p.flags & 3) === PF_W);
    if (!seg) return undefined;
    start = seg.offset;
    length = Math.min(seg.filesz, SEARCH_WINDOW);
  }
  if (start >= src.size) return undefined;
  const buf = src.read(start, length);
  for (let at = 0; at + 32 <= buf.length; at += 16) {
    at = buf.indexOf(MAGIC, at);
    if (at < 0) return undefined;
    if (at % 16 === 0 && at + 32 <= buf.length) return { buf, at };
    at -= at % 16; // continue at the next 16-byte boundary
  }
  return undefined;
}

function readUvarint(
  buf: Buffer,
  pos: number,
): { value: number; next: number } {
  let value = 0;
  let shift = 0;
  for (let i = 0; i < 5; i++) {
    if (pos + i >= buf.length) throw new ElfError('truncated varint');
    const b = buf[pos + i];
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return { value, next: pos + i + 1 };
    shift += 7;
  }
  throw new ElfError('varint too long');
}

function readVarString(
  buf: Buffer,
  pos: number,
): { value: string; next: number } {
  const { value: len, next } = readUvarint(buf, pos);
  if (len > MAX_STRING || next + len > buf.length)
    throw new ElfError('build info string out of bounds');
  return { value: buf.toString('utf8', next, next + len), next: next + len };
}

function readGoString(
  src: ByteSource,
  phdrs: ProgramHeader[],
  addr: number,
  ptrSize: number,
  le: boolean,
): string {
  const hdr = new Fields(src.read(vaddrToOffset(phdrs, addr), ptrSize * 2), le);
  if (hdr.buf.length < ptrSize * 2)
    throw new ElfError('truncated Go string header');
  const dataAddr = ptrSize === 8 ? hdr.u64(0) : hdr.u32(0);
  const len = ptrSize === 8 ? hdr.u64(8) : hdr.u32(4);
  if (len > MAX_STRING) throw new ElfError('Go string too long');
  if (len === 0) return '';
  return src.read(vaddrToOffset(phdrs, dataAddr), len).toString('utf8');
}

function parseModInfo(raw: string): Omit<GoBuildInfo, 'goVersion'> {
  // Since Go 1.18 the module info is framed by 16-byte sentinels.
  const mod =
    raw.length >= 33 && raw[raw.length - 17] === '\n'
      ? raw.slice(16, -16)
      : raw;
  const out: Omit<GoBuildInfo, 'goVersion'> = {};
  for (const line of mod.split('\n')) {
    const parts = line.split('\t');
    if (parts[0] === 'path' && parts[1]) out.path = parts[1];
    else if (parts[0] === 'mod' && parts[1]) {
      out.module = { path: parts[1], version: parts[2] ?? '' };
    }
  }
  return out;
}
