export { parseCgroupFile, parseCgroupPath } from './parse';
export type { CgroupInfo, ContainerRuntime } from './parse';
export { placeProcess, podRefFromObject, stripRuntimePrefix } from './mapper';
export type { PodRef, ProcessPlacement } from './mapper';
