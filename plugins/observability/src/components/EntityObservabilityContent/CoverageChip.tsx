import type { CoverageState } from '@internal/plugin-observability-common';
import { StatusAborted, StatusOK, StatusPending, StatusRunning } from '@backstage/core-components';

/** The coverage state as the catalog's status badges show states elsewhere. */
export function CoverageChip(props: { state: CoverageState | 'no-workloads' }) {
  switch (props.state) {
    case 'no-workloads':
      return <StatusAborted>no workloads found</StatusAborted>;
    case 'emitting':
      return <StatusOK>emitting spans</StatusOK>;
    case 'rolled-out':
      return <StatusRunning>rolled out</StatusRunning>;
    case 'applied':
      return <StatusPending>applied, rolling out</StatusPending>;
    default:
      return <StatusAborted>not instrumented</StatusAborted>;
  }
}
