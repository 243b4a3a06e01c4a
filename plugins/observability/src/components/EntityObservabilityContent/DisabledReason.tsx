import { Tooltip } from '@material-ui/core';
import type { ReactElement } from 'react';

/**
 * Wraps an action button that may be disabled. A disabled MUI button gets no pointer events,
 * so a `title` or tooltip on the button itself never shows; the tooltip goes on a span around
 * it instead (as the onboarding button does), and the span carries the reason for screen readers.
 */
export function DisabledReason(props: {
  /** Why the action cannot be used; nothing is wrapped when it can. */
  reason?: string;
  testId: string;
  children: ReactElement;
}) {
  if (!props.reason) return props.children;
  return (
    <Tooltip title={props.reason}>
      <span data-testid={props.testId} aria-label={props.reason}>
        {props.children}
      </span>
    </Tooltip>
  );
}
