/* Reads test/stack/versions.json, the one place every version of the stack is pinned. */
import fs from 'node:fs';
import path from 'node:path';
import { stackDir } from './paths';

export interface StackVersions {
  go: { minimum: string };
  kubernetes: { module: string; version: string; commands: string[] };
  kine: { module: string; version: string };
  kwok: { module: string; version: string; command: string };
  tempo: { module: string; version: string; goSumDb?: string };
  otelcol: {
    builder: string;
    release: string;
    distName: string;
    goSumDb?: string;
  };
  prometheus: { debianPackage: string; expectVersionPrefix: string };
}

export const versionsFile = path.join(stackDir, 'versions.json');

export function loadVersions(): StackVersions {
  return JSON.parse(fs.readFileSync(versionsFile, 'utf8')) as StackVersions;
}
