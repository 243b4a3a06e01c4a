import { cppInspector } from './cpp';
import { dotnetInspector } from './dotnet';
import { golangInspector } from './golang';
import { javaInspector } from './java';
import { nodejsInspector } from './nodejs';
import { phpInspector } from './php';
import { pythonInspector } from './python';
import { rubyInspector } from './ruby';
import { rustInspector } from './rust';
import type { Inspector } from './types';

/** In order of precedence when two inspectors claim a process with equal confidence. */
export const INSPECTORS: readonly Inspector[] = [
  golangInspector,
  rustInspector,
  javaInspector,
  dotnetInspector,
  nodejsInspector,
  pythonInspector,
  rubyInspector,
  phpInspector,
  cppInspector,
];

export { ProcessContext } from './context';
export type { Inspector, Match, VersionFinding } from './types';
export { LEVEL } from './types';
