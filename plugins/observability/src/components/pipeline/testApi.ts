import type { PipelineApi } from '../../api/PipelineClient';

/** A PipelineApi whose every method is a jest mock (tests set what each returns). */
export function mockPipelineApi(overrides: Partial<jest.Mocked<PipelineApi>> = {}): jest.Mocked<PipelineApi> {
  const unexpected = (name: string) => jest.fn(async () => Promise.reject(new Error(`unexpected call to ${name}`)));
  return {
    listDestinationTypes: unexpected('listDestinationTypes'),
    listClusters: unexpected('listClusters'),
    getOverview: unexpected('getOverview'),
    listDestinations: unexpected('listDestinations'),
    createDestination: unexpected('createDestination'),
    updateDestination: unexpected('updateDestination'),
    deleteDestination: unexpected('deleteDestination'),
    testDestination: unexpected('testDestination'),
    getDefaults: unexpected('getDefaults'),
    setDefaults: unexpected('setDefaults'),
    install: unexpected('install'),
    uninstall: unexpected('uninstall'),
    getOperation: unexpected('getOperation'),
    ...overrides,
  } as jest.Mocked<PipelineApi>;
}
