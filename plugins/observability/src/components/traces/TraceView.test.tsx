import { renderInTestApp } from '@backstage/test-utils';
import { normaliseOtlpTrace } from '@internal/plugin-observability-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { makeTrace } from './model/testTraces';
import { TraceView } from './TraceView';

// jsdom has no layout: give the waterfall's scroll container a size so rows get virtualised in.
beforeAll(() => {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get: () => 600,
  });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get: () => 1000,
  });
  // jsdom has no canvas; the minimap then draws nothing.
  jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});

function sample() {
  const trace = makeTrace([
    ['0000000000000001', undefined, 'web', 0, 100],
    ['0000000000000002', '0000000000000001', 'cart', 10, 50],
    ['0000000000000003', '0000000000000002', 'cart', 20, 20],
    ['0000000000000004', '0000000000000001', 'web', 70, 10],
  ]);
  trace.spans[2].status = { code: 'error', message: 'connection refused' };
  trace.spans[2].events = [
    {
      timeUs: trace.spans[2].startUs + 5000,
      name: 'exception',
      attributes: [{ key: 'exception.type', value: 'IOError' }],
    },
  ];
  trace.spans[2].links = [
    { traceId: 'cd'.repeat(16), spanId: '00000000000000ff', attributes: [] },
  ];
  return trace;
}

const rowNames = () =>
  screen.getAllByRole('row').map(row => row.getAttribute('data-span-index'));

describe('TraceView', () => {
  it('shows the header and one row per span in depth-first order', async () => {
    await renderInTestApp(
      <TraceView
        trace={sample()}
        grafanaExploreUrl="https://grafana.example/explore?x"
      />,
    );
    expect(screen.getByText('web: op 0000000000000001')).toBeInTheDocument();
    expect(
      screen.getByText(/4 spans · 2 services · depth 3/),
    ).toBeInTheDocument();
    expect(rowNames()).toEqual(['0', '1', '2', '3']);
    expect(
      screen.getByRole('link', { name: /open in grafana explore/i }),
    ).toHaveAttribute('href', 'https://grafana.example/explore?x');
  });

  it('collapses and expands a subtree', async () => {
    await renderInTestApp(<TraceView trace={sample()} />);
    fireEvent.click(
      screen.getByRole('button', { name: 'Collapse op 0000000000000002' }),
    );
    expect(rowNames()).toEqual(['0', '1', '3']);
    fireEvent.click(
      screen.getByRole('button', { name: 'Expand op 0000000000000002' }),
    );
    expect(rowNames()).toEqual(['0', '1', '2', '3']);
  });

  it('shows span details: status, attributes, resource, events, links', async () => {
    await renderInTestApp(
      <TraceView
        trace={sample()}
        shareUrl={(t, s) => `https://portal/traces?trace=${t}&span=${s}`}
      />,
    );
    fireEvent.click(screen.getAllByRole('row')[2]);
    const details = screen.getByTestId('span-details');
    expect(within(details).getByText('connection refused')).toBeInTheDocument();
    expect(within(details).getByText('http.route')).toBeInTheDocument();
    expect(within(details).getByText('Resource')).toBeInTheDocument();
    expect(within(details).getByText('exception')).toBeInTheDocument();
    expect(within(details).getByText('IOError')).toBeInTheDocument();
    // The critical path is computed after first paint.
    expect(
      await within(details).findByText('on the critical path'),
    ).toBeInTheDocument();
    expect(within(details).getByRole('link', { name: /cdcd/ })).toHaveAttribute(
      'href',
      `https://portal/traces?trace=${'cd'.repeat(16)}&span=00000000000000ff`,
    );
  });

  it('finds spans by text and walks through the matches', async () => {
    await renderInTestApp(<TraceView trace={sample()} />);
    fireEvent.change(screen.getByLabelText('Find in trace'), {
      target: { value: 'cart' },
    });
    expect(await screen.findByText('2 matches')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getAllByRole('row')[1]).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('opens on the span of a shared link', async () => {
    await renderInTestApp(
      <TraceView trace={sample()} initialSpanId="0000000000000004" />,
    );
    expect(
      within(screen.getByTestId('span-details')).getByText(
        'op 0000000000000004',
      ),
    ).toBeInTheDocument();
  });

  it('says what is wrong with bad data instead of failing', async () => {
    const body = {
      status: 'PARTIAL',
      message: 'one block could not be read',
      trace: {
        resourceSpans: [
          {
            resource: {
              attributes: [
                { key: 'service.name', value: { stringValue: 'web' } },
              ],
            },
            scopeSpans: [
              {
                spans: [
                  {
                    spanId: '00000000000000a1',
                    parentSpanId: '00000000000000ee',
                    name: 'orphan',
                    startTimeUnixNano: '2000',
                    endTimeUnixNano: '1000',
                  },
                  {
                    spanId: '00000000000000a1',
                    name: 'dup',
                    startTimeUnixNano: '1000',
                    endTimeUnixNano: '5000',
                    attributes: [
                      {
                        key: 'big',
                        value: { stringValue: 'y'.repeat(200_000) },
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    };
    await renderInTestApp(<TraceView trace={normaliseOtlpTrace(body)} />);
    expect(
      screen.getByText(
        /Tempo returned only part of this trace: one block could not be read/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/name a parent that is not in this trace/),
    ).toBeInTheDocument();
    expect(screen.getByText(/repeated an id/)).toBeInTheDocument();
    expect(screen.getByText(/ended before they started/)).toBeInTheDocument();
    fireEvent.click(screen.getByText('dup'));
    expect(screen.getByText(/cut to 4 KB of 195 KB/)).toBeInTheDocument();
  });

  it('explains an empty trace', async () => {
    await renderInTestApp(
      <TraceView
        trace={{ traceId: 'ab', spans: [], partial: true, warnings: [] }}
      />,
    );
    expect(
      screen.getByText(/has no spans \(Tempo returned only part of it\)/),
    ).toBeInTheDocument();
  });
});
