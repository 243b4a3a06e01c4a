import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { observabilityApiRef } from '../../api';
import { tracesApiRef, type TracesApi } from '../../api/TracesApi';
import { OnboardingDialog } from './OnboardingDialog';
import {
  checkoutPlan,
  checkoutRef,
  mockObservabilityApi,
  operation,
  rollout,
} from './__testUtils__/fixtures';

/** The tab around the dialog: a button opens it, closing it closes it. */
function Harness(props: { onFinished(op: unknown): void }) {
  const [open, setOpen] = useState(true);
  return (
    <>
      <button onClick={() => setOpen(true)}>open onboarding</button>
      <OnboardingDialog
        entityRef={checkoutRef}
        open={open}
        onClose={() => setOpen(false)}
        onFinished={props.onFinished}
      />
    </>
  );
}

function setup() {
  const api = mockObservabilityApi();
  api.planInstrumentation.mockResolvedValue(checkoutPlan);
  const traces = {
    search: jest.fn().mockResolvedValue({
      query: '{}',
      traces: [
        {
          traceId: 'abc123',
          rootServiceName: 'checkout',
          rootOperation: 'GET /cart',
          startUs: 1,
          durationMs: 3,
          spanCount: 4,
          errorCount: 0,
          services: ['checkout'],
          serviceStats: {},
        },
      ],
    }),
  };
  const onFinished = jest.fn();
  const user = userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
  const render = () =>
    renderInTestApp(
      <TestApiProvider
        apis={[
          [observabilityApiRef, api],
          [tracesApiRef, traces as unknown as TracesApi],
        ]}
      >
        <Harness onFinished={onFinished} />
      </TestApiProvider>,
    );
  return { api, traces, onFinished, user, render };
}

/** Lets the dialog's one-second poll fire and its answer render. */
async function nextPoll() {
  await act(async () => {
    jest.advanceTimersByTime(1000);
  });
}

const applyButton = () => screen.getByTestId('onboarding-apply');

describe('OnboardingDialog', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('shows the plan per container with the diff, and applies only once the other agent is confirmed', async () => {
    const { api, user, render } = setup();
    api.applyInstrumentation.mockResolvedValue(operation());
    await render();

    const planView = await screen.findByTestId('plan-view');
    expect(api.planInstrumentation).toHaveBeenCalledWith(checkoutRef, {
      strategy: 'inject',
    });
    expect(
      within(planView).getByText(/Cluster prod could not be read/),
    ).toBeInTheDocument();
    expect(
      within(planView).getByText('cluster prod did not answer within 10000 ms'),
    ).toBeInTheDocument();
    expect(
      within(planView).getByText('Deployment shop/checkout', { exact: false }),
    ).toHaveTextContent('Deployment shop/checkout in cluster local');
    const containers = within(planView)
      .getAllByRole('listitem')
      .map(li => li.textContent);
    expect(containers).toEqual([
      'app will be instrumented: java 21 → OpenTelemetry java agent injected by an init container' +
        "Another vendor's agent is present in app; instrument anyway (both will run)",
      'proxy cannot be instrumented: no agent can instrument a container whose language is ruby',
    ]);
    expect(
      within(planView).getByText(
        'Keeps your JAVA_TOOL_OPTIONS and adds the agent to it.',
      ),
    ).toBeInTheDocument();

    const diffLines = [...screen.getByTestId('plan-diff').children].map(
      l => l.textContent,
    );
    expect(diffLines).toContain('-          value: -Xmx512m');
    expect(diffLines).toContain(
      '+          value: -Xmx512m -javaagent:/otel-auto-instrumentation-java/javaagent.jar',
    );
    expect(diffLines.some(l => l?.startsWith('====='))).toBe(false);

    expect(applyButton()).toBeDisabled();
    await user.click(
      screen.getByRole('checkbox', { name: /agent is present in app/ }),
    );
    expect(applyButton()).toBeEnabled();
    await user.click(applyButton());

    expect(api.applyInstrumentation).toHaveBeenCalledTimes(1);
    expect(api.applyInstrumentation).toHaveBeenCalledWith(checkoutRef, {
      confirm: ['other-agent:app'],
      strategy: 'inject',
    });
    expect(await screen.findByTestId('operation-progress')).toBeInTheDocument();
    expect(screen.getByTestId('operation-state')).toHaveTextContent(
      'Rolling out…',
    );
    expect(screen.queryByTestId('plan-view')).not.toBeInTheDocument();
    expect(screen.queryByTestId('onboarding-apply')).not.toBeInTheDocument();
    expect(
      screen.getByText('The rollout goes on if you close this dialog.'),
    ).toBeInTheDocument();
    // Closing no longer cancels anything, so the button does not say it does.
    expect(screen.getByRole('button', { name: 'Close' })).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Cancel' }),
    ).not.toBeInTheDocument();
  });

  it('follows the rollout to its result and then the first span, and reports it on close', async () => {
    const { api, traces, onFinished, user, render } = setup();
    const done = operation({
      state: 'succeeded',
      rollouts: [
        rollout({
          phase: 'complete',
          updated: 2,
          ready: 2,
          message: '2 of 2 pods ready',
        }),
      ],
      finishedAt: '2026-11-21T10:01:00.000Z',
    });
    api.applyInstrumentation.mockResolvedValue(operation());
    api.getOperation
      .mockResolvedValueOnce(
        operation({
          rollouts: [
            rollout({ updated: 2, ready: 1, message: '1 of 2 pods ready' }),
          ],
        }),
      )
      .mockResolvedValueOnce(done);
    await render();
    await user.click(
      await screen.findByRole('checkbox', { name: /agent is present in app/ }),
    );
    await user.click(applyButton());
    expect(await screen.findByTestId('operation-progress')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'rollout of checkout' }),
    ).toHaveAttribute('aria-valuenow', '0');

    await nextPoll();
    expect(api.getOperation).toHaveBeenLastCalledWith('op-1');
    expect(
      screen.getByText('Rollout of checkout: 1 of 2 pods ready'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'rollout of checkout' }),
    ).toHaveAttribute('aria-valuenow', '50');

    await nextPoll();
    expect(screen.getByTestId('operation-state')).toHaveTextContent('Done');
    expect(
      screen.getByRole('progressbar', { name: 'rollout of checkout' }),
    ).toHaveAttribute('aria-valuenow', '100');
    expect(await screen.findByTestId('first-span')).toHaveTextContent(
      'First trace received: checkout GET /cart (4 spans)',
    );
    expect(traces.search).toHaveBeenCalledWith(
      expect.objectContaining({
        service: 'checkout',
        start: Date.parse(done.startedAt) / 1000,
      }),
      { entityRef: checkoutRef },
    );

    // Finished: no more polling.
    await nextPoll();
    expect(api.getOperation).toHaveBeenCalledTimes(2);

    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(onFinished).toHaveBeenCalledWith(done);
  });

  it('plans again for the operator strategy, and does not apply while that plan loads', async () => {
    const { api, user, render } = setup();
    let answerOperatorPlan: (plan: typeof checkoutPlan) => void = () => {};
    api.planInstrumentation.mockImplementation((_ref, request) =>
      request?.strategy === 'operator'
        ? new Promise(resolve => {
            answerOperatorPlan = resolve;
          })
        : Promise.resolve(checkoutPlan),
    );
    api.applyInstrumentation.mockResolvedValue(operation());
    await render();
    await user.click(
      await screen.findByRole('checkbox', { name: /agent is present in app/ }),
    );
    expect(applyButton()).toBeEnabled();

    await user.click(
      screen.getByRole('radio', { name: /OpenTelemetry Operator/ }),
    );
    expect(api.planInstrumentation).toHaveBeenLastCalledWith(checkoutRef, {
      strategy: 'operator',
    });
    expect(applyButton()).toBeDisabled();

    await act(async () => answerOperatorPlan(checkoutPlan));
    expect(applyButton()).toBeEnabled();
    await user.click(applyButton());
    expect(api.applyInstrumentation).toHaveBeenCalledWith(checkoutRef, {
      confirm: ['other-agent:app'],
      strategy: 'operator',
    });
  });

  it('disables the operator choice, saying why, when no cluster of the plan has the Operator', async () => {
    const { api, render } = setup();
    const reason =
      'The OpenTelemetry Operator is not installed in cluster local (no instrumentations.opentelemetry.io CRD)';
    api.planInstrumentation.mockResolvedValue({
      ...checkoutPlan,
      operator: [{ cluster: 'local', installed: false, reason }],
    });
    await render();
    expect(await screen.findByTestId('operator-unavailable')).toHaveTextContent(reason);
    expect(screen.getByRole('radio', { name: /OpenTelemetry Operator/ })).toBeDisabled();
    expect(screen.getByRole('radio', { name: /Inject the agent directly/ })).toBeChecked();
    expect(api.planInstrumentation).toHaveBeenCalledTimes(1);
    expect(api.planInstrumentation).toHaveBeenCalledWith(checkoutRef, { strategy: 'inject' });
  });

  it('offers the operator choice when one cluster of the plan has the Operator', async () => {
    const { api, render } = setup();
    api.planInstrumentation.mockResolvedValue({
      ...checkoutPlan,
      operator: [
        { cluster: 'local', installed: true },
        { cluster: 'edge', installed: false, reason: 'not installed in edge' },
      ],
    });
    await render();
    await screen.findByTestId('plan-view');
    expect(screen.getByRole('radio', { name: /OpenTelemetry Operator/ })).toBeEnabled();
    expect(screen.queryByTestId('operator-unavailable')).not.toBeInTheDocument();
  });

  it('shows why the backend refused to apply, and keeps the plan to try again', async () => {
    const { api, user, render } = setup();
    api.applyInstrumentation.mockRejectedValue(
      new Error('Confirmation required before applying: other-agent:app'),
    );
    await render();
    await user.click(
      await screen.findByRole('checkbox', { name: /agent is present in app/ }),
    );
    await user.click(applyButton());
    expect(
      (
        await screen.findAllByText(
          /Confirmation required before applying: other-agent:app/,
        )
      )[0],
    ).toBeVisible();
    expect(screen.getByTestId('plan-view')).toBeInTheDocument();
    expect(applyButton()).toBeEnabled();
  });

  it('offers nothing to apply when the workloads already carry this configuration', async () => {
    const { api, render } = setup();
    api.planInstrumentation.mockResolvedValue({
      ...checkoutPlan,
      clusterErrors: [],
      plans: checkoutPlan.plans.map(p => ({
        ...p,
        alreadyApplied: true,
        diff: '',
        containers: p.containers.map(c => ({ ...c, requiresConfirmation: [] })),
      })),
    });
    await render();
    expect(
      await screen.findByText(
        'Already instrumented with this configuration: applying changes nothing.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('plan-diff')).not.toBeInTheDocument();
    expect(applyButton()).toBeDisabled();
  });

  it('forgets a rollout once closed: a late poll answer does not come back on reopening', async () => {
    const { api, onFinished, user, render } = setup();
    api.applyInstrumentation.mockResolvedValue(operation());
    let answerPoll: (op: ReturnType<typeof operation>) => void = () => {};
    api.getOperation.mockImplementation(
      () =>
        new Promise(resolve => {
          answerPoll = resolve;
        }),
    );
    await render();
    await user.click(
      await screen.findByRole('checkbox', { name: /agent is present in app/ }),
    );
    await user.click(applyButton());
    await screen.findByTestId('operation-progress');
    await nextPoll();
    expect(api.getOperation).toHaveBeenCalledTimes(1);

    await user.click(screen.getByRole('button', { name: 'Close' }));
    // Closed while rolling out: the template has changed, so the tab is told to reload.
    expect(onFinished).toHaveBeenCalledWith(operation());
    await act(async () =>
      answerPoll(operation({ rollouts: [rollout({ ready: 1 })] })),
    );
    // Let the closing transition end; until then the modal hides the page from queries.
    await act(async () => {
      jest.advanceTimersByTime(500);
    });

    await user.click(screen.getByRole('button', { name: 'open onboarding' }));
    expect(await screen.findByTestId('plan-view')).toBeInTheDocument();
    expect(screen.queryByTestId('operation-progress')).not.toBeInTheDocument();
    expect(
      screen.getByRole('checkbox', { name: /agent is present in app/ }),
    ).not.toBeChecked();
  });
});
