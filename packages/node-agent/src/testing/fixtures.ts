/**
 * Builds the small programs the tests and the benchmark run (Go, Rust, Java, C++), once per
 * machine: artifacts are cached under the OS temp dir by a hash of their sources, and builds
 * write to a temporary name then rename, so parallel test files never see half a binary.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(os.tmpdir(), 'node-agent-fixtures');

function cached(
  name: string,
  sources: Record<string, string>,
  build: (dir: string) => void,
): string {
  const hash = createHash('sha256')
    .update(JSON.stringify(sources))
    .digest('hex')
    .slice(0, 16);
  const final = path.join(ROOT, `${name}-${hash}`);
  if (fs.existsSync(path.join(final, '.done'))) return final;
  fs.mkdirSync(ROOT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(ROOT, `${name}-tmp-`));
  for (const [file, text] of Object.entries(sources)) {
    fs.mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
    fs.writeFileSync(path.join(tmp, file), text);
  }
  build(tmp);
  fs.writeFileSync(path.join(tmp, '.done'), '');
  try {
    fs.renameSync(tmp, final);
  } catch {
    // Another process won the race; use its copy.
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return final;
}

function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
) {
  execFileSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
}

/** A Go program that prints "ready" and sleeps. Module example.com/sleeper. */
export function buildGoSleeper(): string {
  const dir = cached(
    'go',
    {
      'go.mod': 'module example.com/sleeper\n\ngo 1.21\n',
      'main.go':
        'package main\n\nimport (\n\t"fmt"\n\t"time"\n)\n\nfunc main() {\n\tfmt.Println("ready")\n\ttime.Sleep(24 * time.Hour)\n}\n',
    },
    d =>
      run('go', ['build', '-trimpath', '-o', 'sleeper', '.'], d, {
        CGO_ENABLED: '0',
        GOFLAGS: '-mod=mod',
      }),
  );
  return path.join(dir, 'sleeper');
}

/** A Rust program (no dependencies) that prints "ready" and sleeps. */
export function buildRustSleeper(): string {
  const dir = cached(
    'rust',
    {
      'Cargo.toml':
        '[package]\nname = "sleeper"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n',
      'src/main.rs':
        'fn main() {\n    println!("ready");\n    std::thread::sleep(std::time::Duration::from_secs(86400));\n}\n',
    },
    d =>
      run('cargo', ['build', '--release', '--quiet'], d, {
        CARGO_TARGET_DIR: path.join(d, 'target'),
      }),
  );
  return path.join(dir, 'target', 'release', 'sleeper');
}

/** A C++ program (links libstdc++) that prints "ready" and sleeps. */
export function buildCppSleeper(): string {
  const dir = cached(
    'cpp',
    {
      'main.cpp':
        '#include <iostream>\n#include <thread>\n#include <chrono>\nint main() {\n  std::cout << "ready" << std::endl;\n  std::this_thread::sleep_for(std::chrono::hours(24));\n}\n',
    },
    d => run('g++', ['-O1', '-o', 'sleeper', 'main.cpp'], d),
  );
  return path.join(dir, 'sleeper');
}

/** Java: class Single (prints "ready", sleeps) and newrelic.jar, a do-nothing javaagent. */
export function buildJava(): { classDir: string; agentJar: string } {
  const dir = cached(
    'java',
    {
      'Single.java':
        'public class Single {\n  public static void main(String[] a) throws Exception {\n    System.out.println("ready");\n    System.out.flush();\n    Thread.sleep(86400000L);\n  }\n}\n',
      'agent/NoopAgent.java':
        'package agent;\npublic class NoopAgent {\n  public static void premain(String args) {}\n}\n',
      'manifest.txt': 'Premain-Class: agent.NoopAgent\n',
    },
    d => {
      run('javac', ['-d', '.', 'Single.java', 'agent/NoopAgent.java'], d);
      run(
        'jar',
        ['cfm', 'newrelic.jar', 'manifest.txt', 'agent/NoopAgent.class'],
        d,
      );
    },
  );
  return { classDir: dir, agentJar: path.join(dir, 'newrelic.jar') };
}

/** Flags that make a JVM start quickly and small. */
export const JAVA_FLAGS = [
  '-Xshare:auto',
  '-XX:TieredStopAtLevel=1',
  '-XX:+UseSerialGC',
  '-Xmx32m',
  '-Xss512k',
];

/** The real python3 executable (resolving pyenv shims and symlinks). */
export function realPython(): string {
  const exe = execFileSync(
    'python3',
    ['-c', 'import sys; print(sys.executable)'],
    { encoding: 'utf8' },
  ).trim();
  return fs.realpathSync(exe);
}

export function which(cmd: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

/** Small ELF files that stand in for runtimes not installed here. Built, never run. */
export interface RuntimeElfFixtures {
  /** A .NET single-file apphost: exports DotNetRuntimeInfo, as `dotnet publish -p:PublishSingleFile` does. */
  dotnetSingleFile: string;
  /** php-fpm: exports the Zend engine's php_execute_script and zend_execute. */
  phpFpm: string;
  /** Apache with mod_php linked in: DT_NEEDED libphp8.2.so. */
  apacheModPhp: string;
  /** Apache without PHP: a C program with no runtime. */
  apache: string;
  /** An Alpine-style program: PT_INTERP /lib/ld-musl-x86_64.so.1, DT_NEEDED libc.musl-x86_64.so.1. */
  muslProgram: string;
  /** python:3.12-alpine's interpreter: the musl loader and DT_NEEDED libpython3.12.so.1.0. */
  muslPython: string;
}

export const MUSL_INTERPRETER = '/lib/ld-musl-x86_64.so.1';

export function buildRuntimeElfFixtures(): RuntimeElfFixtures {
  const dir = cached(
    'elf',
    {
      'exports-dotnet.c':
        '/* What a single-file .NET host exports for debuggers. */\nint DotNetRuntimeInfo[4] = {1};\nint main(void) { return DotNetRuntimeInfo[0] - 1; }\n',
      'exports-php.c':
        'int php_execute_script(void *h) { return h != 0; }\nint zend_execute(void *o) { return o != 0; }\nint main(void) { return php_execute_script(0) + zend_execute(0); }\n',
      'libphp.c': 'int php_module_startup(void) { return 0; }\n',
      'modphp.c':
        'int php_module_startup(void);\nint main(void) { return php_module_startup(); }\n',
      'plain.c': 'int main(void) { return 0; }\n',
      'stub.c': 'int stub_symbol;\n',
      'start.c':
        '/* -nostdlib: no glibc start files, only the libraries named on the command line. */\nvoid _start(void) { for (;;) {} }\n',
      // The build commands are a source too, so changing them rebuilds the cached copy.
      'build.sh': [
        'set -eu',
        'cc() { gcc -O1 "$@"; }',
        'cc -rdynamic -o apphost exports-dotnet.c',
        'cc -rdynamic -o php-fpm8.2 exports-php.c',
        'cc -shared -fPIC -Wl,-soname,libphp8.2.so -o libphp8.2.so libphp.c',
        'cc -o apache2-modphp modphp.c ./libphp8.2.so',
        'cc -o apache2 plain.c',
        'for lib in libc.musl-x86_64.so.1 libpython3.12.so.1.0; do',
        '  cc -shared -fPIC -nostdlib -Wl,-soname,$lib -o $lib stub.c',
        'done',
        `musl() { out=$1; shift; cc -nostdlib -fPIE -pie -Wl,--dynamic-linker=${MUSL_INTERPRETER} -o "$out" start.c -Wl,--no-as-needed "$@"; }`,
        'musl musl-app ./libc.musl-x86_64.so.1',
        'musl python3.12 ./libpython3.12.so.1.0 ./libc.musl-x86_64.so.1',
        '',
      ].join('\n'),
    },
    d => run('sh', ['build.sh'], d),
  );
  return {
    dotnetSingleFile: path.join(dir, 'apphost'),
    phpFpm: path.join(dir, 'php-fpm8.2'),
    apacheModPhp: path.join(dir, 'apache2-modphp'),
    apache: path.join(dir, 'apache2'),
    muslProgram: path.join(dir, 'musl-app'),
    muslPython: path.join(dir, 'python3.12'),
  };
}
