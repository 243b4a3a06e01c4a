import { ElfHeader, Fields } from './header';
import { PT_DYNAMIC, ProgramHeader, vaddrToOffset } from './segments';
import { ByteSource, ElfError, readExact } from './source';

const DT_NULL = 0;
const DT_NEEDED = 1;
const DT_HASH = 4;
const DT_STRTAB = 5;
const DT_SYMTAB = 6;
const DT_STRSZ = 10;
const DT_SONAME = 14;
const DT_GNU_HASH = 0x6ffffef5;

const MAX_DYNAMIC_ENTRIES = 1024;
const MAX_NEEDED = 128;
const MAX_NAME = 512;
const MAX_CHAIN_STEPS = 4096;

export interface DynamicInfo {
  needed: string[];
  soname?: string;
  /** Looks a name up in the dynamic symbol table through .gnu.hash or .hash; false when absent. */
  hasSymbol(name: string): boolean;
  /** Whether a hash table was found to look symbols up in. */
  hasSymbolTable: boolean;
}

export function readDynamic(
  src: ByteSource,
  h: ElfHeader,
  phdrs: ProgramHeader[],
): DynamicInfo | undefined {
  const dyn = phdrs.find(p => p.type === PT_DYNAMIC);
  if (!dyn || dyn.filesz === 0) return undefined;
  const entSize = h.is64 ? 16 : 8;
  const count = Math.min(Math.floor(dyn.filesz / entSize), MAX_DYNAMIC_ENTRIES);
  const f = new Fields(src.read(dyn.offset, count * entSize), h.littleEndian);
  const neededOffsets: number[] = [];
  let strtab: number | undefined;
  let strsz = 0;
  let symtab: number | undefined;
  let gnuHash: number | undefined;
  let sysvHash: number | undefined;
  let soname: number | undefined;
  for (let i = 0; (i + 1) * entSize <= f.buf.length; i++) {
    const o = i * entSize;
    const tag = h.is64 ? f.u64(o) : f.u32(o);
    if (tag === DT_NULL) break;
    const val = h.is64 ? f.u64(o + 8) : f.u32(o + 4);
    if (tag === DT_NEEDED && neededOffsets.length < MAX_NEEDED)
      neededOffsets.push(val);
    else if (tag === DT_STRTAB) strtab = val;
    else if (tag === DT_STRSZ) strsz = val;
    else if (tag === DT_SYMTAB) symtab = val;
    else if (tag === DT_GNU_HASH) gnuHash = val;
    else if (tag === DT_HASH) sysvHash = val;
    else if (tag === DT_SONAME) soname = val;
  }
  if (strtab === undefined) {
    return { needed: [], hasSymbol: () => false, hasSymbolTable: false };
  }
  const strOff = vaddrToOffset(phdrs, strtab);
  const readStr = (off: number): string => {
    if (off >= strsz) throw new ElfError('string offset beyond DT_STRSZ');
    const b = src.read(strOff + off, Math.min(MAX_NAME, strsz - off));
    const nul = b.indexOf(0);
    return b.toString('latin1', 0, nul >= 0 ? nul : b.length);
  };
  const needed: string[] = [];
  for (const off of neededOffsets) {
    try {
      needed.push(readStr(off));
    } catch {
      // A bad entry loses one name, not the others.
    }
  }
  let sonameStr: string | undefined;
  try {
    sonameStr = soname !== undefined ? readStr(soname) : undefined;
  } catch {
    sonameStr = undefined;
  }
  const lookup = makeLookup(src, h, phdrs, readStr, symtab, gnuHash, sysvHash);
  return {
    needed,
    soname: sonameStr,
    hasSymbol: lookup ?? (() => false),
    hasSymbolTable: lookup !== undefined,
  };
}

function gnuHashOf(name: string): number {
  let h = 5381;
  for (let i = 0; i < name.length; i++)
    h = (Math.imul(h, 33) + name.charCodeAt(i)) >>> 0;
  return h;
}

function sysvHashOf(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) {
    h = ((h << 4) + name.charCodeAt(i)) >>> 0;
    const g = h & 0xf0000000;
    if (g) h ^= g >>> 24;
    h = (h & ~g) >>> 0;
  }
  return h;
}

function makeLookup(
  src: ByteSource,
  h: ElfHeader,
  phdrs: ProgramHeader[],
  readStr: (off: number) => string,
  symtab: number | undefined,
  gnuHash: number | undefined,
  sysvHash: number | undefined,
): ((name: string) => boolean) | undefined {
  if (symtab === undefined) return undefined;
  const symOff = vaddrToOffset(phdrs, symtab);
  const symSize = h.is64 ? 24 : 16;
  const u32 = (off: number) =>
    new Fields(readExact(src, off, 4), h.littleEndian).u32(0);
  const symName = (index: number) => {
    try {
      return readStr(u32(symOff + index * symSize));
    } catch {
      return undefined;
    }
  };

  if (gnuHash !== undefined) {
    const base = vaddrToOffset(phdrs, gnuHash);
    const hdr = new Fields(readExact(src, base, 16), h.littleEndian);
    const nbuckets = hdr.u32(0);
    const symoffset = hdr.u32(4);
    const bloomSize = hdr.u32(8);
    if (nbuckets === 0 || nbuckets > 1 << 22 || bloomSize > 1 << 22) {
      throw new ElfError('implausible .gnu.hash header');
    }
    const bucketsOff = base + 16 + bloomSize * (h.is64 ? 8 : 4);
    const chainOff = bucketsOff + nbuckets * 4;
    return (name: string) => {
      const hash = gnuHashOf(name);
      let i = u32(bucketsOff + (hash % nbuckets) * 4);
      if (i === 0 || i < symoffset) return false;
      for (let steps = 0; steps < MAX_CHAIN_STEPS; steps++, i++) {
        const chainVal = u32(chainOff + (i - symoffset) * 4);
        if ((chainVal | 1) === (hash | 1) && symName(i) === name) return true;
        if (chainVal & 1) return false;
      }
      return false;
    };
  }
  if (sysvHash !== undefined) {
    const base = vaddrToOffset(phdrs, sysvHash);
    const nbucket = u32(base);
    const nchain = u32(base + 4);
    if (nbucket === 0 || nbucket > 1 << 22 || nchain > 1 << 24) {
      throw new ElfError('implausible .hash header');
    }
    return (name: string) => {
      let i = u32(base + 8 + (sysvHashOf(name) % nbucket) * 4);
      for (
        let steps = 0;
        i !== 0 && i < nchain && steps < MAX_CHAIN_STEPS;
        steps++
      ) {
        if (symName(i) === name) return true;
        i = u32(base + 8 + nbucket * 4 + i * 4);
      }
      return false;
    };
  }
  return undefined;
}
