import { ElfHeader, Fields } from './header';
import { ByteSource, readExact } from './source';

export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHT_DYNSYM = 11;

export interface Section {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
}

const MAX_SHSTRTAB = 64 * 1024;

/** Section headers with their names. Returns [] when the file has none (stripped with sstrip). */
export function readSections(src: ByteSource, h: ElfHeader): Section[] {
  if (h.shnum === 0) return [];
  const buf = readExact(src, h.shoff, h.shnum * h.shentsize);
  const f = new Fields(buf, h.littleEndian);
  const raw: Array<Section & { nameOff: number }> = [];
  for (let i = 0; i < h.shnum; i++) {
    const o = i * h.shentsize;
    raw.push(
      h.is64
        ? {
            name: '',
            nameOff: f.u32(o),
            type: f.u32(o + 4),
            flags: f.u64(o + 8),
            addr: f.u64(o + 16),
            offset: f.u64(o + 24),
            size: f.u64(o + 32),
            link: f.u32(o + 40),
          }
        : {
            name: '',
            nameOff: f.u32(o),
            type: f.u32(o + 4),
            flags: f.u32(o + 8),
            addr: f.u32(o + 12),
            offset: f.u32(o + 16),
            size: f.u32(o + 20),
            link: f.u32(o + 24),
          },
    );
  }
  const strSec = raw[h.shstrndx];
  if (strSec && strSec.offset < src.size) {
    const names = src.read(strSec.offset, Math.min(strSec.size, MAX_SHSTRTAB));
    for (const s of raw) {
      if (s.nameOff < names.length) {
        const end = names.indexOf(0, s.nameOff);
        s.name = names.toString(
          'latin1',
          s.nameOff,
          end < 0 ? names.length : end,
        );
      }
    }
  }
  return raw.map(({ nameOff: _n, ...s }) => s);
}

/** Reads a section's bytes, at most `max`, or undefined when it holds none in the file. */
export function readSection(
  src: ByteSource,
  s: Section,
  max: number,
): Buffer | undefined {
  if (s.type === SHT_NOBITS || s.size === 0 || s.offset >= src.size)
    return undefined;
  return src.read(s.offset, Math.min(s.size, max));
}
