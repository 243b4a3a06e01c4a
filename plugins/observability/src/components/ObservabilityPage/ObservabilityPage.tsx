import { Header, Page, TabbedLayout } from '@backstage/core-components';
import { CoveragePage } from '../CoveragePage';
import { SettingsPage } from '../SettingsPage';

/** Legacy-system page: the same sub-pages the new frontend system mounts as tabs. */
export function ObservabilityPage() {
  return (
    <Page themeId="tool">
      <Header title="Observability" subtitle="Zero-code tracing for every service" />
      <TabbedLayout>
        <TabbedLayout.Route path="/" title="Coverage">
          <CoveragePage />
        </TabbedLayout.Route>
        <TabbedLayout.Route path="/settings" title="Settings">
          <SettingsPage />
        </TabbedLayout.Route>
      </TabbedLayout>
    </Page>
  );
}
