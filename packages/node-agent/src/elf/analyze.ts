import { readGoBuildInfo, GoBuildInfo } from './buildinfo';
import { readDynamic } from './dynamic';
import { parseHeader } from './header';
import { readInterpreter, readProgramHeaders } from './segments';
import {
  readSection,
  readSections,
  Section,
  SHT_NOBITS,
  SHT_SYMTAB,
} from './sections';
import { ByteSource, ElfError } from './source';

/** Exported symbols that identify a language runtime built into an executable. */
export const RUNTIME_EXPORTS = {
  nodejs: ['napi_create_function', 'node_module_register'],
  python: ['Py_BytesMain', 'Py_Initialize'],
  ruby: ['ruby_init', 'ruby_run_node'],
  php: ['php_execute_script', 'zend_execute'],
  java: ['JLI_Launch', 'JNI_CreateJavaVM'],
  dotnet: ['DotNetRuntimeInfo', 'coreclr_initialize'],
} as const;

export interface RustEvidence {
  /** "1.95.0" from .comment, or a rustc commit hash from std's embedded source paths. */
  version?: string;
  evidence: string;
}

/** Everything the detector learns from one executable. Plain data: cached per file identity. */
export interface ElfInfo {
  is64: boolean;
  machine: number;
  interpreter?: string;
  needed: string[];
  soname?: string;
  go?: GoBuildInfo;
  hasGoPclntab: boolean;
  /** Compiler identification strings from .comment ("GCC: (Debian 12.2.0-14) 12.2.0"). */
  comment: string[];
  rust?: RustEvidence;
  /** Runtime marker symbols found in the dynamic symbol table. */
  exports: string[];
  /** True when a dynamic symbol hash table could be searched. */
  hasDynamicSymbols: boolean;
  hasSections: boolean;
  /** Problems met while parsing (truncated or malformed parts); the rest is still reported. */
  errors: string[];
}

const MAX_COMMENT = 4 * 1024;
const MAX_SCAN = 2 * 1024 * 1024;
const RUSTC_COMMENT = /rustc version (\d+\.\d+\.\d+[^\s]*)/;
const RUSTC_PATH = /\/rustc\/([0-9a-f]{40})\//;

export interface AnalyzeOptions {
  /** Skip the (bounded) scans for Rust markers in .symtab/.rodata. */
  skipRustScan?: boolean;
}

/**
 * Parses an executable. Throws ElfError only when the file is not ELF at all (bad magic or
 * header); anything malformed past the header is recorded in `errors` and skipped.
 */
export function analyzeElf(
  src: ByteSource,
  options: AnalyzeOptions = {},
): ElfInfo {
  const h = parseHeader(src);
  const info: ElfInfo = {
    is64: h.is64,
    machine: h.machine,
    needed: [],
    hasGoPclntab: false,
    comment: [],
    exports: [],
    hasDynamicSymbols: false,
    hasSections: false,
    errors: [],
  };
  const step = <T>(what: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      info.errors.push(
        `${what}: ${err instanceof Error ? err.message : String(err)}`,
      );
      return undefined;
    }
  };

  if (h.sectionProblem)
    info.errors.push(`section headers: ${h.sectionProblem}`);
  const phdrs = step('program headers', () => readProgramHeaders(src, h)) ?? [];
  info.interpreter = step('interpreter', () => readInterpreter(src, phdrs));
  const sections = step('section headers', () => readSections(src, h)) ?? [];
  info.hasSections = sections.length > 0;
  const cut = sections.filter(
    s => s.type !== SHT_NOBITS && s.size > 0 && s.offset + s.size > src.size,
  );
  if (cut.length > 0) {
    info.errors.push(
      `sections beyond end of file (truncated?): ${cut
        .map(s => s.name || '?')
        .slice(0, 5)
        .join(', ')}`,
    );
  }

  const dyn = step('dynamic section', () => readDynamic(src, h, phdrs));
  if (dyn) {
    info.needed = dyn.needed;
    info.soname = dyn.soname;
    info.hasDynamicSymbols = dyn.hasSymbolTable;
    if (dyn.hasSymbolTable) {
      for (const names of Object.values(RUNTIME_EXPORTS)) {
        for (const name of names) {
          if (step(`symbol ${name}`, () => dyn.hasSymbol(name))) {
            info.exports.push(name);
            break;
          }
        }
      }
    }
  }

  info.go = step('go build info', () => readGoBuildInfo(src, phdrs, sections));
  info.hasGoPclntab = sections.some(s => s.name === '.gopclntab');

  const comment = sections.find(s => s.name === '.comment');
  if (comment) {
    const data = step('.comment', () => readSection(src, comment, MAX_COMMENT));
    if (data) {
      info.comment = data
        .toString('latin1')
        .split('\0')
        .map(s => s.trim())
        .filter(s => s.length > 0 && s.length < 200)
        .slice(0, 8);
    }
  }
  const rustc = info.comment.map(c => RUSTC_COMMENT.exec(c)).find(Boolean);
  if (rustc) {
    info.rust = {
      version: rustc[1],
      evidence: `elf: .comment "rustc version ${rustc[1]}"`,
    };
  } else if (!info.go && info.exports.length === 0 && !options.skipRustScan) {
    info.rust = step('rust scan', () => scanForRust(src, sections));
  }
  return info;
}

function scanForRust(
  src: ByteSource,
  sections: Section[],
): RustEvidence | undefined {
  // Unstripped binaries: the static symbol table names Rust's allocator shims.
  const symtab = sections.find(s => s.type === SHT_SYMTAB);
  const strtab = symtab ? sections[symtab.link] : undefined;
  if (strtab) {
    const data = readSection(src, strtab, MAX_SCAN);
    if (
      data &&
      (data.includes('__rust_alloc') || data.includes('rust_begin_unwind'))
    ) {
      const hash = findRustcHash(src, sections);
      return {
        version: hash,
        evidence: 'elf: .symtab has Rust runtime symbols (__rust_alloc)',
      };
    }
  }
  // Stripped binaries: std's panic locations embed "/rustc/<commit>/library/...".
  const hash = findRustcHash(src, sections);
  if (hash)
    return {
      version: hash,
      evidence: `elf: .rodata has rustc source paths (/rustc/${hash.slice(
        0,
        12,
      )}...)`,
    };
  return undefined;
}

function findRustcHash(
  src: ByteSource,
  sections: Section[],
): string | undefined {
  const rodata = sections.find(s => s.name === '.rodata');
  if (!rodata) return undefined;
  const data = readSection(src, rodata, MAX_SCAN);
  if (!data) return undefined;
  const at = data.indexOf('/rustc/');
  if (at < 0) return undefined;
  const m = RUSTC_PATH.exec(data.toString('latin1', at, at + 60));
  return m ? m[1] : undefined;
}

export { ElfError };
