import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeElf } from './analyze';
import { BufferSource, ElfError, FdSource } from './source';
import {
  buildCppSleeper,
  buildGoSleeper,
  buildRustSleeper,
  realPython,
} from '../testing/fixtures';

jest.setTimeout(60_000);

let goBin: string;
let rustBin: string;
let cppBin: string;
let goBytes: Buffer;
let tmp: string;

function analyzeFile(file: string) {
  const fd = fs.openSync(file, 'r');
  try {
    return analyzeElf(new FdSource(fd, fs.fstatSync(fd).size, 8 * 1024 * 1024));
  } finally {
    fs.closeSync(fd);
  }
}

/** Analyses bytes; the only acceptable failure is an ElfError for a file that is not ELF. */
function analyzeBytes(buf: Buffer) {
  try {
    return analyzeElf(new BufferSource(buf, 8 * 1024 * 1024));
  } catch (err) {
    expect(err).toBeInstanceOf(ElfError);
    return undefined;
  }
}

beforeAll(() => {
  goBin = buildGoSleeper();
  rustBin = buildRustSleeper();
  cppBin = buildCppSleeper();
  goBytes = fs.readFileSync(goBin);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'elf-test-'));
}, 240_000);

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('analyzeElf on binaries built here', () => {
  it('reads Go build info: toolchain version and main module', () => {
    const info = analyzeFile(goBin);
    const goVersion = execFileSync('go', ['env', 'GOVERSION'], {
      encoding: 'utf8',
    }).trim();
    expect(info.go?.goVersion).toBe(goVersion);
    expect(info.go?.path).toBe('example.com/sleeper');
    expect(info.go?.module?.path).toBe('example.com/sleeper');
    expect(info.hasGoPclntab).toBe(true);
    expect(info.interpreter).toBeUndefined(); // CGO_ENABLED=0: static
    expect(info.errors).toEqual([]);
  });

  it('finds Go build info without section headers (sstrip-like), in the writable segment', () => {
    const copy = Buffer.from(goBytes);
    copy.writeBigUInt64LE(0n, 40); // e_shoff
    copy.writeUInt16LE(0, 60); // e_shnum
    const info = analyzeBytes(copy)!;
    expect(info.hasSections).toBe(false);
    expect(info.go?.goVersion).toMatch(/^go1\.\d+/);
  });

  it('reads the rustc version from .comment and finds Rust in a stripped copy', () => {
    const info = analyzeFile(rustBin);
    const rustc = /rustc (\d+\.\d+\.\d+)/.exec(
      execFileSync('rustc', ['--version'], { encoding: 'utf8' }),
    )![1];
    expect(info.rust?.version).toBe(rustc);
    expect(info.needed).toContain('libc.so.6');
    expect(info.interpreter).toMatch(/ld-linux/);

    const stripped = path.join(tmp, 'rust-stripped');
    execFileSync('strip', [
      '--strip-all',
      '-R',
      '.comment',
      '-o',
      stripped,
      rustBin,
    ]);
    const s = analyzeFile(stripped);
    expect(s.comment.some(c => c.includes('rustc'))).toBe(false);
    expect(s.rust?.version).toMatch(/^[0-9a-f]{40}$/);
    expect(s.rust?.evidence).toContain('/rustc/');
  });

  it('sees libstdc++ in a C++ binary and the compiler in .comment', () => {
    const info = analyzeFile(cppBin);
    expect(info.needed.some(n => n.startsWith('libstdc++.so'))).toBe(true);
    expect(info.comment.some(c => c.startsWith('GCC:'))).toBe(true);
    expect(info.go).toBeUndefined();
    expect(info.rust).toBeUndefined();
  });

  it('finds the N-API exports of the node binary through .gnu.hash', () => {
    const info = analyzeFile(process.execPath);
    expect(info.hasDynamicSymbols).toBe(true);
    expect(info.exports).toContain('napi_create_function');
    expect(info.exports).not.toContain('Py_BytesMain');
  });

  it('finds libpython or the Python C API in the python executable', () => {
    const info = analyzeFile(realPython());
    const linked = info.needed.some(n => n.startsWith('libpython3'));
    expect(linked || info.exports.includes('Py_BytesMain')).toBe(true);
  });

  it('finds no runtime in /bin/sh', () => {
    const info = analyzeFile(fs.realpathSync('/bin/sh'));
    expect(info.exports).toEqual([]);
    expect(info.go).toBeUndefined();
    expect(info.rust).toBeUndefined();
    expect(info.interpreter).toMatch(/ld-/);
  });
});

describe('truncated and hostile files', () => {
  it('survives every truncation of a Go binary, on disk and in memory', () => {
    const size = goBytes.length;
    const lengths = [
      0,
      3,
      16,
      51,
      52,
      63,
      64,
      120,
      4096,
      70_000,
      size >> 2,
      size >> 1,
      size - 1,
    ];
    const outcomes = lengths.map(len => {
      const file = path.join(tmp, `go-trunc-${len}`);
      fs.writeFileSync(file, goBytes.subarray(0, len));
      try {
        const info = analyzeFile(file);
        return { len, threw: undefined, go: info.go, errors: info.errors };
      } catch (err) {
        return { len, threw: err, go: undefined, errors: [] };
      }
    });
    const threw = outcomes.filter(o => o.threw);
    // Only files too short for an ELF header are refused, and only with ElfError.
    expect(threw.map(o => o.len)).toEqual([0, 3, 16, 51, 52, 63]); // < 64: no ELF64 header
    expect(threw.every(o => o.threw instanceof ElfError)).toBe(true);
    const parsed = outcomes.filter(o => !o.threw);
    // Cut before the build info: no Go version. Every cut file reports damage.
    expect(
      parsed.filter(o => o.len < size >> 1).every(o => o.go === undefined),
    ).toBe(true);
    expect(parsed.every(o => o.errors.length > 0)).toBe(true);
  });

  it('rejects non-ELF input with ElfError', () => {
    expect(() =>
      analyzeElf(
        new BufferSource(Buffer.from('#!/bin/sh\necho hi\n'.repeat(10))),
      ),
    ).toThrow(ElfError);
    const badClass = Buffer.from(goBytes.subarray(0, 4096));
    badClass[4] = 7;
    expect(() => analyzeElf(new BufferSource(badClass))).toThrow(
      /bad ELF class/,
    );
  });

  it('rejects absurd program header counts and ignores impossible section tables', () => {
    const many = Buffer.from(goBytes);
    many.writeUInt16LE(0xffff, 56); // e_phnum
    expect(() => analyzeElf(new BufferSource(many))).toThrow(
      /too many program headers/,
    );

    const farSections = Buffer.from(goBytes);
    farSections.writeBigUInt64LE(BigInt(goBytes.length * 4), 40); // e_shoff past the end
    const info = analyzeBytes(farSections)!;
    expect(info.hasSections).toBe(false);
  });

  it('reports a program header table beyond the end of the file without throwing', () => {
    const copy = Buffer.from(goBytes);
    copy.writeBigUInt64LE(BigInt(goBytes.length * 2), 32); // e_phoff
    const info = analyzeBytes(copy)!;
    expect(info.errors.join(' ')).toMatch(
      /program headers: read at \d+ beyond end of file/,
    );
    // Sections still work without program headers.
    expect(info.hasGoPclntab).toBe(true);

    const huge = Buffer.from(goBytes);
    huge.writeBigUInt64LE(2n ** 63n, 32);
    expect(() => analyzeElf(new BufferSource(huge))).toThrow(/out of range/);
  });

  it('reports a corrupt Go build info string length', () => {
    const copy = Buffer.from(goBytes);
    const magic = copy.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
    expect(magic).toBeGreaterThan(0);
    copy.fill(0xff, magic + 32, magic + 40); // a varint that never ends
    const info = analyzeBytes(copy)!;
    expect(info.go).toBeUndefined();
    expect(info.errors.join(' ')).toMatch(/go build info: varint too long/);
  });

  it('survives a corrupt dynamic section and hash table in a dynamically linked binary', () => {
    const bytes = fs.readFileSync(cppBin);
    const info0 = analyzeBytes(bytes)!;
    expect(info0.needed.length).toBeGreaterThan(0);
    // Find PT_DYNAMIC and point every DT_STRTAB/DT_GNU_HASH value at garbage.
    const phoff = Number(bytes.readBigUInt64LE(32));
    const phnum = bytes.readUInt16LE(56);
    const copy = Buffer.from(bytes);
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * 56;
      if (copy.readUInt32LE(o) !== 2) continue;
      const off = Number(copy.readBigUInt64LE(o + 8));
      const size = Number(copy.readBigUInt64LE(o + 32));
      for (let e = off; e + 16 <= off + size; e += 16) {
        const tag = copy.readBigUInt64LE(e);
        if (tag === 5n || tag === 0x6ffffef5n)
          copy.writeBigUInt64LE(0xdeadbeefn, e + 8);
      }
    }
    const info = analyzeBytes(copy)!;
    expect(info.needed).toEqual([]);
    expect(info.errors.join(' ')).toMatch(
      /dynamic section: address 0xdeadbeef is not in a loaded segment/,
    );
  });

  it('survives random corruption of headers, tables and build info (seeded fuzz)', () => {
    let seed = 12345;
    const rand = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const magic = goBytes.indexOf(Buffer.from('\xff Go buildinf:', 'latin1'));
    const cppBytes = fs.readFileSync(cppBin);
    const started = Date.now();
    let parsed = 0;
    for (let i = 0; i < 300; i++) {
      const base = i % 2 === 0 ? goBytes : cppBytes;
      const copy = Buffer.from(base);
      const flips = 1 + Math.floor(rand() * 16);
      for (let f = 0; f < flips; f++) {
        copy[pickOffset(rand, copy.length, base === goBytes ? magic : -1)] =
          Math.floor(rand() * 256);
      }
      if (analyzeBytes(copy)) parsed++;
    }
    expect(parsed).toBeGreaterThan(100);
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('never reads more than its budget from a file that claims huge tables', () => {
    const copy = Buffer.from(goBytes);
    const src = new BufferSource(copy, 4096);
    // 4 KiB cannot hold the section scan of a Go binary: parsing stops with errors, not a hang.
    const info = analyzeElf(src);
    expect(info.errors.join(' ')).toMatch(/budget/);
  });
});

/** Aims corruption at what a parser trusts: ELF header, program headers, build info, anywhere. */
function pickOffset(
  rand: () => number,
  length: number,
  buildInfoAt: number,
): number {
  const zone = rand();
  if (zone < 0.4) return Math.floor(rand() * 64);
  if (zone < 0.7) return 64 + Math.floor(rand() * 1024);
  if (zone < 0.85 && buildInfoAt >= 0)
    return buildInfoAt + Math.floor(rand() * 64);
  return Math.floor(rand() * length);
}
