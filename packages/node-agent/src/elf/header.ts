import { ByteSource, ElfError, readExact } from './source';

export interface ElfHeader {
  is64: boolean;
  littleEndian: boolean;
  /** ET_EXEC = 2, ET_DYN = 3 (PIE executables and shared libraries). */
  type: number;
  machine: number;
  phoff: number;
  phentsize: number;
  phnum: number;
  shoff: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
  /** Why the section header table was ignored, when it was. */
  sectionProblem?: string;
}

/** Endian-aware field access over one buffer; 64-bit values beyond 2^53 throw. */
export class Fields {
  constructor(readonly buf: Buffer, readonly le: boolean) {}
  u8(off: number) {
    return this.buf.readUInt8(off);
  }
  u16(off: number) {
    return this.le ? this.buf.readUInt16LE(off) : this.buf.readUInt16BE(off);
  }
  u32(off: number) {
    return this.le ? this.buf.readUInt32LE(off) : this.buf.readUInt32BE(off);
  }
  u64(off: number) {
    const v = this.le
      ? this.buf.readBigUInt64LE(off)
      : this.buf.readBigUInt64BE(off);
    if (v > BigInt(Number.MAX_SAFE_INTEGER))
      throw new ElfError('64-bit value out of range');
    return Number(v);
  }
  /** A word: 4 bytes in ELFCLASS32, 8 in ELFCLASS64. */
  word(off: number, is64: boolean) {
    return is64 ? this.u64(off) : this.u32(off);
  }
}

export const MAX_PROGRAM_HEADERS = 512;
export const MAX_SECTIONS = 4096;

export function isElfMagic(b: Buffer): boolean {
  return (
    b.length >= 4 &&
    b[0] === 0x7f &&
    b[1] === 0x45 &&
    b[2] === 0x4c &&
    b[3] === 0x46
  );
}

export function parseHeader(src: ByteSource): ElfHeader {
  if (src.size < 52) throw new ElfError('file too small for an ELF header');
  const ident = readExact(src, 0, 16);
  if (!isElfMagic(ident)) throw new ElfError('not an ELF file');
  const cls = ident[4];
  const data = ident[5];
  if (cls !== 1 && cls !== 2) throw new ElfError(`bad ELF class ${cls}`);
  if (data !== 1 && data !== 2)
    throw new ElfError(`bad ELF data encoding ${data}`);
  const is64 = cls === 2;
  const f = new Fields(readExact(src, 0, is64 ? 64 : 52), data === 1);
  const h: ElfHeader = is64
    ? {
        is64,
        littleEndian: f.le,
        type: f.u16(16),
        machine: f.u16(18),
        phoff: f.u64(32),
        shoff: f.u64(40),
        phentsize: f.u16(54),
        phnum: f.u16(56),
        shentsize: f.u16(58),
        shnum: f.u16(60),
        shstrndx: f.u16(62),
      }
    : {
        is64,
        littleEndian: f.le,
        type: f.u16(16),
        machine: f.u16(18),
        phoff: f.u32(28),
        shoff: f.u32(32),
        phentsize: f.u16(42),
        phnum: f.u16(44),
        shentsize: f.u16(46),
        shnum: f.u16(48),
        shstrndx: f.u16(50),
      };
  const wantPh = is64 ? 56 : 32;
  const wantSh = is64 ? 64 : 40;
  if (h.phnum > 0 && h.phentsize !== wantPh)
    throw new ElfError(`bad phentsize ${h.phentsize}`);
  if (h.phnum > MAX_PROGRAM_HEADERS)
    throw new ElfError(`too many program headers (${h.phnum})`);
  // Section headers are optional (sstrip removes them); treat inconsistent ones as absent.
  if (h.shnum > 0) {
    let problem: string | undefined;
    if (h.shentsize !== wantSh) problem = `bad shentsize ${h.shentsize}`;
    else if (h.shnum > MAX_SECTIONS) problem = `too many sections (${h.shnum})`;
    else if (h.shoff === 0) problem = 'section header offset is 0';
    else if (h.shoff + h.shnum * h.shentsize > src.size) {
      problem = 'section header table beyond end of file (truncated?)';
    }
    if (problem) {
      h.shnum = 0;
      h.sectionProblem = problem;
    }
  }
  return h;
}
