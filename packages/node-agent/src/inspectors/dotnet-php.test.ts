/*
 * The .NET and PHP inspectors, on prepared /proc trees whose exe links point at small ELF files
 * built here (testing/fixtures.ts): neither runtime is installed on this machine, so the tests
 * recreate what their binaries and mappings look like to the detector.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Detector } from '../detect';
import {
  buildCppSleeper,
  buildRuntimeElfFixtures,
  RuntimeElfFixtures,
} from '../testing/fixtures';
import { FakeProcess, writeFakeProcess } from '../testing/proc-tree';
import type { DetectionResult } from '../types';

jest.setTimeout(60_000);

const NETCORE = '/usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.11';
const HOSTFXR = '/usr/share/dotnet/host/fxr/8.0.11/libhostfxr.so';
const LIBSTDCXX = '/usr/lib/x86_64-linux-gnu/libstdc++.so.6';
const MOD_PHP = '/usr/lib/apache2/modules/libphp8.2.so';

let elf: RuntimeElfFixtures;
let tmp: string;
let procRoot: string;
/** The `dotnet` muxer is a C++ program (links libstdc++), like this copy of the C++ sleeper. */
let dotnetHost: string;
/** Binaries that are no runtime, under the runtimes' names. */
let bashAsDotnet: string;
let bashAsPhp: string;
let nextPid = 1000;

beforeAll(() => {
  elf = buildRuntimeElfFixtures();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspectors-test-'));
  procRoot = path.join(tmp, 'proc');
  const copy = (from: string, name: string) => {
    const to = path.join(tmp, 'bin', `${nextPid++}`, name);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
    return to;
  };
  dotnetHost = copy(buildCppSleeper(), 'dotnet');
  bashAsDotnet = copy(fs.realpathSync('/bin/bash'), 'dotnet');
  bashAsPhp = copy(fs.realpathSync('/bin/bash'), 'php8.2');
}, 180_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Writes one prepared process and detects it with a fresh detector. */
function detect(p: Omit<FakeProcess, 'pid'>): DetectionResult {
  const pid = nextPid++;
  writeFakeProcess(procRoot, { pid, ...p });
  return new Detector({ procRoot }).detect(pid);
}

describe('the .NET inspector', () => {
  it('sees a framework-dependent app through the libcoreclr.so the host maps, version from its path', () => {
    const r = detect({
      exe: dotnetHost,
      cmdline: ['dotnet', '/app/Checkout.dll'],
      maps: [
        LIBSTDCXX,
        HOSTFXR,
        `${NETCORE}/libhostpolicy.so`,
        `${NETCORE}/libcoreclr.so`,
        `${NETCORE}/System.Private.CoreLib.dll`,
      ],
    });
    // The host links libstdc++, but the runtime it loaded says what the process runs.
    expect(r).toMatchObject({
      language: 'dotnet',
      runtimeVersion: '8.0.11',
      confidence: 0.99,
      libc: 'glibc',
    });
    expect(r.evidence).toEqual(
      expect.arrayContaining([
        `maps: ${NETCORE}/libcoreclr.so`,
        `version: maps: ${NETCORE}/libcoreclr.so`,
      ]),
    );
    expect(r.error).toBeUndefined();
  });

  it('prefers DOTNET_VERSION, then ASPNETCORE_VERSION, to the runtime path', () => {
    const maps = [`${NETCORE}/libcoreclr.so`];
    const both = detect({
      exe: dotnetHost,
      maps,
      environ: { DOTNET_VERSION: '8.0.10', ASPNETCORE_VERSION: '8.0.9' },
    });
    expect(both.runtimeVersion).toBe('8.0.10');
    expect(both.evidence).toContain('version: env: DOTNET_VERSION');
    const aspnet = detect({
      exe: dotnetHost,
      maps,
      environ: { ASPNETCORE_VERSION: '8.0.9' },
    });
    expect(aspnet.runtimeVersion).toBe('8.0.9');
    expect(aspnet.evidence).toContain('version: env: ASPNETCORE_VERSION');
  });

  it('recognises a single-file app, whose runtime is inside the executable, by its DotNetRuntimeInfo export', () => {
    const r = detect({ exe: elf.dotnetSingleFile, cmdline: ['./Checkout'] });
    expect(r).toMatchObject({
      language: 'dotnet',
      confidence: 0.97,
      runtimeVersion: null,
    });
    expect(r.evidence).toContain('elf: exports DotNetRuntimeInfo');
  });

  it('gives a host that has only loaded libhostfxr.so (runtime not started yet) a lower confidence', () => {
    const r = detect({
      exe: dotnetHost,
      cmdline: ['dotnet', 'app.dll'],
      maps: [LIBSTDCXX, HOSTFXR],
    });
    expect(r).toMatchObject({ language: 'dotnet', confidence: 0.9 });
    expect(r.evidence).toContain(`maps: ${HOSTFXR}`);
  });

  it('does not take a readable binary named dotnet for .NET', () => {
    const r = detect({ exe: bashAsDotnet, cmdline: ['dotnet', 'app.dll'] });
    expect(r.language).toBe('unknown');
    expect(r.evidence).toContain(
      'name: exe dotnet ignored: the binary has no dotnet runtime',
    );
  });
});

describe('the PHP inspector', () => {
  it('recognises php-fpm by the Zend engine it exports, version from the executable name', () => {
    const r = detect({
      exe: elf.phpFpm,
      cmdline: ['php-fpm: master process (/etc/php/8.2/fpm/php-fpm.conf)'],
    });
    expect(r).toMatchObject({
      language: 'php',
      runtimeVersion: '8.2',
      confidence: 0.97,
      libc: 'glibc',
    });
    expect(r.evidence).toEqual(
      expect.arrayContaining([
        'elf: exports php_execute_script',
        'version: exe: php-fpm8.2',
      ]),
    );
  });

  it('prefers PHP_VERSION (official php images set it) to the executable name', () => {
    const r = detect({
      exe: elf.phpFpm,
      cmdline: ['php-fpm: pool www'],
      environ: { PHP_VERSION: '8.2.26' },
    });
    expect(r.runtimeVersion).toBe('8.2.26');
    expect(r.evidence).toContain('version: env: PHP_VERSION');
  });

  it('recognises Apache with mod_php linked in (DT_NEEDED libphp), version from the library', () => {
    const r = detect({
      exe: elf.apacheModPhp,
      cmdline: ['/usr/sbin/apache2', '-k', 'start'],
    });
    expect(r).toMatchObject({
      language: 'php',
      runtimeVersion: '8.2',
      confidence: 0.99,
    });
    expect(r.evidence).toEqual(
      expect.arrayContaining([
        'elf: DT_NEEDED libphp8.2.so',
        'version: library: libphp8.2.so',
      ]),
    );
  });

  it('recognises mod_php loaded at run time from the maps, and a plain Apache as no runtime', () => {
    const modPhp = detect({
      exe: elf.apache,
      cmdline: ['/usr/sbin/apache2', '-k', 'start'],
      maps: ['/usr/lib/x86_64-linux-gnu/libapr-1.so.0', MOD_PHP],
    });
    expect(modPhp).toMatchObject({
      language: 'php',
      runtimeVersion: '8.2',
      confidence: 0.95,
    });
    expect(modPhp.evidence).toEqual(
      expect.arrayContaining([
        `maps: ${MOD_PHP}`,
        'version: library: libphp8.2.so',
      ]),
    );

    const plain = detect({
      exe: elf.apache,
      cmdline: ['/usr/sbin/apache2', '-k', 'start'],
      maps: ['/usr/lib/x86_64-linux-gnu/libapr-1.so.0'],
    });
    expect(plain).toMatchObject({ language: 'unknown', runtimeVersion: null });
    expect(plain.evidence).toContain('elf: no language runtime found');
  });

  it('does not take a readable binary named php8.2 for PHP', () => {
    const r = detect({
      exe: bashAsPhp,
      cmdline: ['php8.2', 'artisan', 'serve'],
    });
    expect(r.language).toBe('unknown');
    expect(r.evidence).toContain(
      'name: exe php8.2 ignored: the binary has no php runtime',
    );
  });
});
