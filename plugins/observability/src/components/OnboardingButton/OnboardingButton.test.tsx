import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { OnboardingButton } from './OnboardingButton';

// usePermission caches decisions per resource across renders, so each test uses its own entity.
const entityNamed = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { owner: 'group:default/team-payments', type: 'service' },
});

function renderButton(
  name: string,
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  props = {},
) {
  const entity = entityNamed(name);
  const permissionApi = mockApis.permission({ authorize: result });
  return renderInTestApp(
    <TestApiProvider apis={[[permissionApiRef, permissionApi]]}>
      <EntityProvider entity={entity}>
        <OnboardingButton {...props} />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('OnboardingButton', () => {
  it('is enabled for users allowed to instrument the entity', async () => {
    const onClick = jest.fn();
    await renderButton('storefront', AuthorizeResult.ALLOW, { onClick });
    const button = await screen.findByRole('button', { name: /enable tracing/i });
    expect(button).toBeEnabled();
    fireEvent.click(button);
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('is disabled, with the reason, for users who may not instrument it', async () => {
    await renderButton('checkout', AuthorizeResult.DENY);
    expect(await screen.findByRole('button', { name: /enable tracing/i })).toBeDisabled();
    expect(screen.getByTestId('observability-onboarding-reason')).toHaveAttribute(
      'aria-label',
      'Only the owners of checkout (group:default/team-payments) and observability admins can enable tracing.',
    );
  });

  it('shows a non-permission reason when the caller gives one', async () => {
    await renderButton('payments', AuthorizeResult.ALLOW, { disabledReason: 'No workloads found' });
    expect(await screen.findByRole('button', { name: /enable tracing/i })).toBeDisabled();
    expect(screen.getByTestId('observability-onboarding-reason')).toHaveAttribute(
      'aria-label',
      'No workloads found',
    );
  });
});
