import { LANGUAGES as DETECTED } from '@internal/node-agent';
import { LANGUAGES as API } from '@internal/plugin-observability-common';

// -common cannot import the node-only detector, so it keeps its own list: keep them equal.
describe('languages', () => {
  it('are the same in the API schema and in the detector', () => {
    expect([...API]).toEqual([...DETECTED]);
  });
});
