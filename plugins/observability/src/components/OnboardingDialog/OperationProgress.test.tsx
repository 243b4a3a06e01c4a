import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { OperationProgress } from './OperationProgress';
import {
  changeResult,
  checkoutDeployment,
  operation,
  rollout,
} from './__testUtils__/fixtures';

const cart = { ...checkoutDeployment, name: 'cart' };

describe('OperationProgress', () => {
  it('shows what each change did and each rollout as a progress bar', async () => {
    await renderInTestApp(
      <OperationProgress
        operation={operation({
          results: [
            changeResult(),
            changeResult({
              workload: cart,
              outcome: 'unchanged',
              message: 'already instrumented',
            }),
          ],
          rollouts: [
            rollout({
              desired: 4,
              updated: 3,
              ready: 2,
              message: '2 of 4 new pods ready',
            }),
            rollout({
              workload: cart,
              phase: 'complete',
              desired: 1,
              updated: 1,
              ready: 1,
              message: 'done',
            }),
          ],
        })}
      />,
    );
    expect(screen.getByTestId('operation-state')).toHaveTextContent(
      'Rolling out…',
    );
    expect(
      screen.getByText('Deployment shop/checkout').parentElement,
    ).toHaveTextContent(
      'Deployment shop/checkout: server-side applied and restarted',
    );
    expect(
      screen.getByText('Deployment shop/cart').parentElement,
    ).toHaveTextContent('Deployment shop/cart: already instrumented');
    expect(
      screen.getByText('Rollout of checkout: 2 of 4 new pods ready'),
    ).toBeInTheDocument();
    // Ready pods of the new revision over desired: 2 of 4.
    expect(
      screen.getByRole('progressbar', { name: 'rollout of checkout' }),
    ).toHaveAttribute('aria-valuenow', '50');
    expect(
      screen.getByRole('progressbar', { name: 'rollout of cart' }),
    ).toHaveAttribute('aria-valuenow', '100');
  });

  it('names the field manager that owns a conflicting field', async () => {
    await renderInTestApp(
      <OperationProgress
        operation={operation({
          state: 'failed',
          results: [
            changeResult({
              outcome: 'conflict',
              message: 'not applied: fields are managed by another tool',
              conflicts: [
                {
                  field: '.spec.template.spec.containers[name="app"].env',
                  manager: 'argocd-controller',
                },
              ],
            }),
          ],
          rollouts: [],
        })}
      />,
    );
    expect(screen.getByTestId('operation-state')).toHaveTextContent('Failed');
    expect(
      screen.getByText(
        '.spec.template.spec.containers[name="app"].env is owned by argocd-controller',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('says when a rollout was rolled back, and why', async () => {
    await renderInTestApp(
      <OperationProgress
        operation={operation({
          state: 'rolled-back',
          rollouts: [
            rollout({
              phase: 'rolled-back',
              ready: 0,
              updated: 2,
              message:
                'new pods crash-looped (CrashLoopBackOff); the previous template was restored',
            }),
          ],
        })}
      />,
    );
    expect(screen.getByTestId('operation-state')).toHaveTextContent(
      'Rolled back',
    );
    expect(
      screen.getByText(
        'Rollout of checkout: new pods crash-looped (CrashLoopBackOff); the previous template was restored',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'rollout of checkout' }),
    ).toHaveAttribute('aria-valuenow', '0');
  });
});

describe('OperationProgress for a CronJob', () => {
  it('says the change takes effect from the next run, without a progress bar stuck at zero', async () => {
    const nightly = {
      ...checkoutDeployment,
      kind: 'CronJob' as const,
      name: 'nightly-report',
    };
    await renderInTestApp(
      <OperationProgress
        operation={operation({
          state: 'succeeded',
          results: [changeResult({ workload: nightly })],
          rollouts: [
            rollout({
              workload: nightly,
              phase: 'not-applicable',
              desired: 0,
              updated: 0,
              ready: 0,
              message: 'Takes effect from the next scheduled run',
            }),
          ],
        })}
      />,
    );
    expect(
      screen.getByText(
        'Rollout of nightly-report: Takes effect from the next scheduled run',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });
});
