import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { observabilityApiRef } from '../../api';
import { UninstrumentDialog } from './UninstrumentDialog';
import {
  changeResult,
  checkoutRef,
  mockObservabilityApi,
  operation,
  rollout,
} from './__testUtils__/fixtures';

const removal = (overrides = {}) =>
  operation({
    action: 'uninstrument',
    results: [
      changeResult({ message: "pod template restored to its owner's" }),
    ],
    ...overrides,
  });

function setup() {
  const api = mockObservabilityApi();
  const onClose = jest.fn();
  const onFinished = jest.fn();
  const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
  const render = () =>
    renderInTestApp(
      <TestApiProvider apis={[[observabilityApiRef, api]]}>
        <UninstrumentDialog
          entityRef={checkoutRef}
          open
          onClose={onClose}
          onFinished={onFinished}
        />
      </TestApiProvider>,
    );
  return { api, onClose, onFinished, user, render };
}

async function nextPoll() {
  await act(async () => {
    jest.advanceTimersByTime(1000);
  });
}

describe('UninstrumentDialog', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('says what removal does, removes on confirm and follows the rollout to the end', async () => {
    const { api, onClose, onFinished, user, render } = setup();
    const done = removal({
      state: 'succeeded',
      rollouts: [
        rollout({
          phase: 'complete',
          updated: 2,
          ready: 2,
          message: '2 of 2 pods ready',
        }),
      ],
    });
    api.uninstrument.mockResolvedValue(removal());
    api.getOperation.mockResolvedValue(done);
    await render();

    expect(
      screen.getByText(
        /pods restart with the template exactly as its owner wrote it/,
      ),
    ).toBeInTheDocument();
    expect(api.uninstrument).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('uninstrument-confirm'));
    expect(api.uninstrument).toHaveBeenCalledWith(checkoutRef);
    expect(
      await screen.findByText("pod template restored to its owner's", {
        exact: false,
      }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('operation-state')).toHaveTextContent(
      'Rolling out…',
    );
    expect(
      screen.queryByTestId('uninstrument-confirm'),
    ).not.toBeInTheDocument();

    await nextPoll();
    expect(api.getOperation).toHaveBeenCalledWith('op-1');
    expect(screen.getByTestId('operation-state')).toHaveTextContent('Done');
    expect(
      screen.getByRole('progressbar', { name: 'rollout of checkout' }),
    ).toHaveAttribute('aria-valuenow', '100');

    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(onFinished).toHaveBeenCalledWith(done);
    expect(onClose).toHaveBeenCalled();
  });

  it('shows why the removal was refused and lets the user try again', async () => {
    const { api, user, render } = setup();
    api.uninstrument.mockRejectedValueOnce(
      new Error('You may not change tracing of component:default/checkout'),
    );
    await render();
    await user.click(screen.getByTestId('uninstrument-confirm'));
    expect(
      (
        await screen.findAllByText(
          /You may not change tracing of component:default\/checkout/,
        )
      )[0],
    ).toBeVisible();
    expect(screen.getByTestId('uninstrument-confirm')).toBeEnabled();
    expect(screen.queryByTestId('operation-progress')).not.toBeInTheDocument();
  });

  it('reports a failed poll and keeps following the rollout', async () => {
    const { api, user, render } = setup();
    api.uninstrument.mockResolvedValue(removal());
    api.getOperation
      .mockRejectedValueOnce(new Error('Failed to fetch'))
      .mockResolvedValueOnce(removal({ state: 'succeeded', rollouts: [] }));
    await render();
    await user.click(screen.getByTestId('uninstrument-confirm'));
    await screen.findByTestId('operation-progress');

    await nextPoll();
    expect((await screen.findAllByText(/Failed to fetch/))[0]).toBeVisible();
    expect(screen.getByTestId('operation-state')).toHaveTextContent(
      'Rolling out…',
    );

    await nextPoll();
    expect(api.getOperation).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('operation-state')).toHaveTextContent('Done');
    expect(screen.queryByText(/Failed to fetch/)).not.toBeInTheDocument();
  });
});
