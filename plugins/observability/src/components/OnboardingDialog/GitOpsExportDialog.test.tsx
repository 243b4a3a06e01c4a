import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { observabilityApiRef } from '../../api';
import { GitOpsExportDialog } from './GitOpsExportDialog';
import { checkoutRef, mockObservabilityApi } from './__testUtils__/fixtures';

const patchYaml = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: checkout',
  '  namespace: shop',
].join('\n');

function renderDialog(
  api: ReturnType<typeof mockObservabilityApi>,
  open = true,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[observabilityApiRef, api]]}>
      <GitOpsExportDialog
        entityRef={checkoutRef}
        open={open}
        onClose={jest.fn()}
      />
    </TestApiProvider>,
  );
}

describe('GitOpsExportDialog', () => {
  it('shows the patches to commit, with instructions, for the entity', async () => {
    const api = mockObservabilityApi();
    api.exportGitOps.mockResolvedValue({
      entityRef: checkoutRef,
      yaml: patchYaml,
      instructions: 'Commit these patches next to the manifests they extend.',
    });
    await renderDialog(api);
    expect(
      await screen.findByText(
        'Commit these patches next to the manifests they extend.',
      ),
    ).toBeInTheDocument();
    expect(api.exportGitOps).toHaveBeenCalledWith(checkoutRef);
    // The highlighter splits the YAML into tokens; the code block still reads as the patch.
    const code = screen.getByRole('dialog').querySelector('pre');
    expect(code?.textContent).toContain(patchYaml);
  });

  it('says when there is nothing to instrument', async () => {
    const api = mockObservabilityApi();
    api.exportGitOps.mockResolvedValue({
      entityRef: checkoutRef,
      yaml: '',
      instructions: 'No workload needs a change.',
    });
    await renderDialog(api);
    expect(
      await screen.findByText('Nothing to instrument.'),
    ).toBeInTheDocument();
  });

  it('shows why the export failed', async () => {
    const api = mockObservabilityApi();
    api.exportGitOps.mockRejectedValue(
      new Error('No Kubernetes cluster is configured'),
    );
    await renderDialog(api);
    expect(
      (await screen.findAllByText(/No Kubernetes cluster is configured/))[0],
    ).toBeVisible();
  });

  it('asks for nothing while closed', async () => {
    const api = mockObservabilityApi();
    await renderDialog(api, false);
    expect(screen.queryByText('Export for GitOps')).not.toBeInTheDocument();
    expect(api.exportGitOps).not.toHaveBeenCalled();
  });
});
