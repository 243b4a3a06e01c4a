/** Languages the detector reports. `unknown` covers shells, C programs and anything unrecognised. */
export type Language =
  | 'java'
  | 'python'
  | 'nodejs'
  | 'dotnet'
  | 'go'
  | 'ruby'
  | 'php'
  | 'rust'
  | 'cpp'
  | 'unknown';

export const LANGUAGES: readonly Language[] = [
  'java',
  'python',
  'nodejs',
  'dotnet',
  'go',
  'ruby',
  'php',
  'rust',
  'cpp',
  'unknown',
];

/**
 * The C library a process runs on, read from the ELF interpreter (or the mapped loader).
 * `static` means the executable has no dynamic loader (e.g. Go with CGO_ENABLED=0).
 */
export type Libc = 'glibc' | 'musl' | 'static' | 'unknown';

/** Vendors of observability agents the detector recognises. */
export type AgentVendor =
  | 'datadog'
  | 'newrelic'
  | 'dynatrace'
  | 'elastic'
  | 'appdynamics'
  | 'splunk'
  | 'instana'
  | 'opentelemetry'
  | 'grafana'
  | 'aws'
  | 'azure'
  | 'skywalking'
  | 'pinpoint'
  | 'contrast'
  | 'lumigo';

/** Another vendor's agent found in a process (or a pod spec). */
export interface OtherAgent {
  vendor: AgentVendor;
  /** Human-readable product name, e.g. "Datadog APM". */
  name: string;
  /** Where it was seen, e.g. "env NODE_OPTIONS contains dd-trace". Never holds an env value. */
  evidence: string;
}

/** Where a result came from. Pod-spec guesses always carry a lower confidence than process evidence. */
export type DetectionSource = 'process' | 'podspec';

/** Confidence bounds shared by process detection and pod-spec heuristics. */
export const CONFIDENCE = {
  /** Highest confidence a pod-spec guess can reach. */
  podSpecMax: 0.5,
  /** Lowest confidence of a process result backed by any evidence (name only). */
  processMin: 0.6,
} as const;

export interface DetectionResult {
  pid: number;
  language: Language;
  /** Runtime version when one can be found (e.g. "17.0.15", "3.11.7", "go1.26.8"), else null. */
  runtimeVersion: string | null;
  libc: Libc;
  otherAgents: OtherAgent[];
  /** 0..1. Process evidence >= 0.6; pod-spec guesses <= 0.5; an unreadable process is 0. */
  confidence: number;
  /** What the decision rests on, in order of weight, e.g. "elf: .go.buildinfo go1.26.8". */
  evidence: string[];
  source: DetectionSource;
  /** The executable as the process sees it (from the exe link). */
  exe?: string;
  /** Set when the process could not be read completely (exited, permission denied). */
  error?: string;
}

/** A pod-spec guess: the same shape without a pid. */
export type PodSpecDetection = Omit<
  DetectionResult,
  'pid' | 'exe' | 'error'
> & {
  container: string;
};
