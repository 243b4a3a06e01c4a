import { WarningPanel } from '@backstage/core-components';
import { Component, type ReactNode } from 'react';

/**
 * Keeps a rendering failure (bad data we did not foresee) inside the panel that failed, with
 * the reason, instead of blanking the whole page.
 */
export class TraceErrorBoundary extends Component<
  { title: string; children: ReactNode },
  { error?: Error }
> {
  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  state: { error?: Error } = {};

  render() {
    if (this.state.error) {
      return (
        <WarningPanel
          severity="error"
          title={this.props.title}
          message={this.state.error.message}
        />
      );
    }
    return this.props.children;
  }
}
