import type { Language } from '../types';
import type { ProcessContext } from './context';

/** A language claim with what it rests on. */
export interface Match {
  /** 0..1; see CONFIDENCE in ../types. */
  confidence: number;
  evidence: string[];
}

export interface VersionFinding {
  version: string;
  evidence: string;
}

/**
 * One inspector per language, as Odigos does. The detector asks every inspector for binary
 * evidence first, and only falls back to names when no binary evidence exists, so a Go program
 * called `node` is Go.
 */
export interface Inspector {
  language: Exclude<Language, 'unknown'>;
  /** Evidence from the executable's ELF and the libraries mapped into the process. */
  fromBinary(ctx: ProcessContext): Match | undefined;
  /** Weak evidence from names (executable basename, argv[0]). */
  fromName?(ctx: ProcessContext): Match | undefined;
  version?(ctx: ProcessContext): VersionFinding | undefined;
}

/** Confidence levels the inspectors use. */
export const LEVEL = {
  /** Build info or runtime library linked into the executable. */
  certain: 0.99,
  /** The runtime's own exported symbols or linked library. */
  strong: 0.97,
  /** The runtime library mapped into the process. */
  mapped: 0.95,
  /** Indirect binary evidence (section names, symbol-table scans). */
  indirect: 0.9,
  /** C++ standard library linked: the program is C++ unless a runtime says otherwise. */
  cpp: 0.8,
  /** Names only. */
  name: 0.65,
} as const;
