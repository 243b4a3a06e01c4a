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
