export { analyzeElf, RUNTIME_EXPORTS } from './analyze';
export type { ElfInfo, RustEvidence, AnalyzeOptions } from './analyze';
export type { GoBuildInfo } from './buildinfo';
export { ElfCache, ELF_READ_BUDGET } from './cache';
export type { ElfResult } from './cache';
export { BufferSource, FdSource, ElfError } from './source';
export type { ByteSource } from './source';
