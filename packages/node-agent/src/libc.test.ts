/*
 * libc from the executable's ELF interpreter (PT_INTERP), on small Alpine-style binaries built
 * here with the musl loader as their interpreter (testing/fixtures.ts): musl itself need not be
 * installed, since the detector reads the files and never runs them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Detector } from './detect';
import { analyzeElf } from './elf/analyze';
import { FdSource } from './elf/source';
import {
  buildRuntimeElfFixtures,
  MUSL_INTERPRETER,
  RuntimeElfFixtures,
} from './testing/fixtures';
import { FakeProcess, writeFakeProcess } from './testing/proc-tree';
import type { DetectionResult } from './types';

jest.setTimeout(60_000);

let elf: RuntimeElfFixtures;
let procRoot: string;
let nextPid = 500;

beforeAll(() => {
  elf = buildRuntimeElfFixtures();
  procRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'libc-test-'));
}, 120_000);

afterAll(() => {
  if (procRoot) fs.rmSync(procRoot, { recursive: true, force: true });
});

function detect(p: Omit<FakeProcess, 'pid'>): DetectionResult {
  const pid = nextPid++;
  writeFakeProcess(procRoot, { pid, ...p });
  return new Detector({ procRoot }).detect(pid);
}

describe('libc from the ELF interpreter', () => {
  it('reads the musl loader from PT_INTERP, and the musl libc from DT_NEEDED', () => {
    const fd = fs.openSync(elf.muslProgram, 'r');
    try {
      const info = analyzeElf(
        new FdSource(fd, fs.fstatSync(fd).size, 8 * 1024 * 1024),
      );
      expect(info.interpreter).toBe(MUSL_INTERPRETER);
      expect(info.needed).toEqual(['libc.musl-x86_64.so.1']);
      expect(info.errors).toEqual([]);
    } finally {
      fs.closeSync(fd);
    }
  });

  it('reports musl for a program whose interpreter is ld-musl, with nothing in the maps', () => {
    const r = detect({ exe: elf.muslProgram, cmdline: ['/app/server'] });
    expect(r).toMatchObject({ libc: 'musl', language: 'unknown' });
    expect(r.evidence).toContain(`libc: interpreter ${MUSL_INTERPRETER}`);
  });

  it('reports musl with the runtime: python:3.12-alpine', () => {
    const r = detect({
      exe: elf.muslPython,
      cmdline: ['python3', 'app.py'],
      environ: { PYTHON_VERSION: '3.12.8' },
    });
    expect(r).toMatchObject({
      language: 'python',
      runtimeVersion: '3.12.8',
      libc: 'musl',
      confidence: 0.99,
    });
    expect(r.evidence).toEqual(
      expect.arrayContaining([
        'elf: DT_NEEDED libpython3.12.so.1.0',
        `libc: interpreter ${MUSL_INTERPRETER}`,
      ]),
    );
  });

  it('believes the interpreter over mapped files, and a glibc interpreter means glibc', () => {
    // Whatever the maps hold, the binary's own loader decides.
    const musl = detect({
      exe: elf.muslProgram,
      maps: ['/lib/libc.so.6', MUSL_INTERPRETER],
    });
    expect(musl.libc).toBe('musl');
    const glibc = detect({ exe: elf.apache, maps: [] });
    expect(glibc.libc).toBe('glibc');
    expect(glibc.evidence).toContain(
      'libc: interpreter /lib64/ld-linux-x86-64.so.2',
    );
  });

  it('falls back to the mapped musl loader when the executable cannot be read', () => {
    // An exe that is not a regular file: the ELF cannot be opened, so the maps decide.
    const notAFile = fs.mkdtempSync(path.join(procRoot, 'not-a-file-'));
    const r = detect({
      exe: notAFile,
      cmdline: ['/app/server'],
      maps: [MUSL_INTERPRETER, '/app/server'],
    });
    expect(r.libc).toBe('musl');
    expect(r.evidence).toContain(`libc: maps ${MUSL_INTERPRETER}`);
    expect(r.error).toBe('elf: EINVAL');
  });
});
