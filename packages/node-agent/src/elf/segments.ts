import { ElfHeader, Fields } from './header';
import { ByteSource, ElfError, readExact } from './source';

export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PT_INTERP = 3;
export const PF_W = 2;

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
}

export function readProgramHeaders(
  src: ByteSource,
  h: ElfHeader,
): ProgramHeader[] {
  if (h.phnum === 0) return [];
  const buf = readExact(src, h.phoff, h.phnum * h.phentsize);
  const f = new Fields(buf, h.littleEndian);
  const out: ProgramHeader[] = [];
  for (let i = 0; i < h.phnum; i++) {
    const o = i * h.phentsize;
    out.push(
      h.is64
        ? {
            type: f.u32(o),
            flags: f.u32(o + 4),
            offset: f.u64(o + 8),
            vaddr: f.u64(o + 16),
            filesz: f.u64(o + 32),
            memsz: f.u64(o + 40),
          }
        : {
            type: f.u32(o),
            offset: f.u32(o + 4),
            vaddr: f.u32(o + 8),
            filesz: f.u32(o + 16),
            memsz: f.u32(o + 20),
            flags: f.u32(o + 24),
          },
    );
  }
  return out;
}

/** Translates a virtual address to a file offset through the PT_LOAD segments. */
export function vaddrToOffset(phdrs: ProgramHeader[], vaddr: number): number {
  for (const p of phdrs) {
    if (p.type === PT_LOAD && vaddr >= p.vaddr && vaddr < p.vaddr + p.filesz) {
      return p.offset + (vaddr - p.vaddr);
    }
  }
  throw new ElfError(
    `address 0x${vaddr.toString(16)} is not in a loaded segment`,
  );
}

/** The PT_INTERP path, e.g. "/lib64/ld-linux-x86-64.so.2" or "/lib/ld-musl-x86_64.so.1". */
export function readInterpreter(
  src: ByteSource,
  phdrs: ProgramHeader[],
): string | undefined {
  const p = phdrs.find(x => x.type === PT_INTERP);
  if (!p) return undefined;
  const len = Math.min(p.filesz, 256);
  const b = src.read(p.offset, len);
  const nul = b.indexOf(0);
  return b.toString('latin1', 0, nul >= 0 ? nul : b.length);
}
