import type { Entity } from '@backstage/catalog-model';
import {
  entityRouteRef,
  EntityProvider,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockObservabilityApi,
  operation,
} from '../OnboardingDialog/__testUtils__/fixtures';
import { EntityObservabilityContent } from './EntityObservabilityContent';
import {
  entityTabApis,
  javaWorkload,
  kubernetesComponent,
  workloadsOf,
} from './__testUtils__/entityTab';

function renderTab(
  entity: Entity,
  api: ReturnType<typeof mockObservabilityApi>,
  authorize: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
) {
  return renderInTestApp(
    <TestApiProvider apis={entityTabApis(api, authorize)}>
      <EntityProvider entity={entity}>
        <EntityObservabilityContent />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** Hovers the span around a disabled action and returns the tooltip that appears. */
async function hoverReason(testId: string) {
  await userEvent.hover(screen.getByTestId(testId));
  return screen.findByRole('tooltip');
}

describe('EntityObservabilityContent', () => {
  it('shows users without permission why they cannot remove tracing, on hover and in the page', async () => {
    const entity = kubernetesComponent('storefront');
    const api = mockObservabilityApi();
    api.getEntityWorkloads.mockResolvedValue(
      workloadsOf(entity, [javaWorkload('storefront', 'rolled-out')]),
    );
    await renderTab(entity, api, AuthorizeResult.DENY);

    const remove = await screen.findByRole('button', {
      name: 'Remove tracing',
    });
    await waitFor(() =>
      expect(screen.getByTestId('uninstrument-reason')).toHaveAttribute(
        'aria-label',
        'Only the owners of storefront (group:default/team-shop) and observability admins can remove tracing.',
      ),
    );
    expect(remove).toBeDisabled();
    expect(remove).not.toHaveAttribute('title');
    expect(await hoverReason('uninstrument-reason')).toHaveTextContent(
      'Only the owners of storefront (group:default/team-shop) and observability admins can remove tracing.',
    );
    expect(screen.getByTestId('instrument-permission-note')).toHaveTextContent(
      "You can see this entity's workloads, but only its owners (group:default/team-shop) and observability admins can enable or remove tracing.",
    );
    expect(
      screen.getByRole('button', { name: /enable tracing/i }),
    ).toBeDisabled();
    expect(api.getEntityWorkloads).toHaveBeenCalledWith(
      'component:default/storefront',
    );
  });

  it('lets readers export for GitOps: it needs no instrument permission', async () => {
    const entity = kubernetesComponent('basket');
    const api = mockObservabilityApi();
    api.getEntityWorkloads.mockResolvedValue(
      workloadsOf(entity, [javaWorkload('basket', 'not-instrumented')]),
    );
    api.exportGitOps.mockResolvedValue({
      entityRef: 'component:default/basket',
      yaml: 'kind: Deployment',
      instructions: 'Commit this patch.',
    });
    await renderTab(entity, api, AuthorizeResult.DENY);

    const exportButton = await screen.findByRole('button', {
      name: 'Export for GitOps',
    });
    await waitFor(() => expect(exportButton).toBeEnabled());
    expect(
      screen.queryByTestId('gitops-export-reason'),
    ).not.toBeInTheDocument();
    // Nothing is instrumented, so there is nothing to remove.
    expect(
      screen.queryByRole('button', { name: 'Remove tracing' }),
    ).not.toBeInTheDocument();
    await userEvent.click(exportButton);
    expect(await screen.findByText('Commit this patch.')).toBeInTheDocument();
    expect(api.exportGitOps).toHaveBeenCalledWith('component:default/basket');
  });

  it('says why enable and export are disabled when the entity has no workloads', async () => {
    const entity = kubernetesComponent('ghost');
    const api = mockObservabilityApi();
    api.getEntityWorkloads.mockResolvedValue(workloadsOf(entity, []));
    await renderTab(entity, api, AuthorizeResult.ALLOW);

    await waitFor(() =>
      expect(screen.getByTestId('gitops-export-reason')).toHaveAttribute(
        'aria-label',
        'No workloads found for this entity in any cluster',
      ),
    );
    expect(
      screen.getByRole('button', { name: 'Export for GitOps' }),
    ).toBeDisabled();
    expect(await hoverReason('gitops-export-reason')).toHaveTextContent(
      'No workloads found for this entity in any cluster',
    );
    expect(
      screen.getByTestId('observability-onboarding-reason'),
    ).toHaveAttribute(
      'aria-label',
      'No workloads found for this entity in any cluster',
    );
    expect(
      screen.queryByTestId('instrument-permission-note'),
    ).not.toBeInTheDocument();
  });

  it('says the workloads could not be read instead of claiming there are none', async () => {
    const entity = kubernetesComponent('offline');
    const api = mockObservabilityApi();
    api.getEntityWorkloads.mockRejectedValue(
      new Error('observability backend unavailable'),
    );
    await renderTab(entity, api, AuthorizeResult.ALLOW);
    expect(
      (await screen.findAllByText(/observability backend unavailable/))[0],
    ).toBeVisible();
    expect(screen.getByTestId('gitops-export-reason')).toHaveAttribute(
      'aria-label',
      'The workloads could not be read',
    );
  });

  it('removes tracing for owners and reloads the workloads afterwards', async () => {
    const entity = kubernetesComponent('payments');
    const api = mockObservabilityApi();
    api.getEntityWorkloads
      .mockResolvedValueOnce(
        workloadsOf(entity, [javaWorkload('payments', 'emitting')]),
      )
      .mockResolvedValueOnce(
        workloadsOf(entity, [javaWorkload('payments', 'not-instrumented')]),
      );
    api.uninstrument.mockResolvedValue(
      operation({
        entityRef: 'component:default/payments',
        action: 'uninstrument',
        state: 'succeeded',
        rollouts: [],
      }),
    );
    await renderTab(entity, api, AuthorizeResult.ALLOW);

    const remove = await screen.findByRole('button', {
      name: 'Remove tracing',
    });
    await waitFor(() => expect(remove).toBeEnabled());
    expect(screen.queryByTestId('uninstrument-reason')).not.toBeInTheDocument();
    await userEvent.click(remove);
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByTestId('uninstrument-confirm'));
    expect(api.uninstrument).toHaveBeenCalledWith('component:default/payments');
    expect(
      await within(dialog).findByTestId('operation-state'),
    ).toHaveTextContent('Done');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );

    await waitFor(() =>
      expect(api.getEntityWorkloads).toHaveBeenCalledTimes(2),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Remove tracing' }),
      ).not.toBeInTheDocument(),
    );
  });

  it('explains how to link workloads when the entity has no Kubernetes annotations', async () => {
    const entity = kubernetesComponent('unmapped');
    entity.metadata.annotations = {};
    const api = mockObservabilityApi();
    await renderTab(entity, api, AuthorizeResult.ALLOW);
    expect(
      screen.getByText('No Kubernetes workloads linked'),
    ).toBeInTheDocument();
    expect(api.getEntityWorkloads).not.toHaveBeenCalled();
  });
});
