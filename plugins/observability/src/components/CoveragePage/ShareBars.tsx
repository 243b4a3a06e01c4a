import { Box, LinearProgress, Typography } from '@material-ui/core';
import type { CoverageGroup } from './coverageSummary';

/** The instrumented share per group as bars: easier to compare than numbers in a table. */
export function ShareBars(props: { title: string; groups: CoverageGroup[]; testId: string }) {
  return (
    <div data-testid={props.testId}>
      <Typography variant="subtitle2" gutterBottom>
        {props.title}
      </Typography>
      {props.groups.map(g => (
        <Box key={g.group} display="flex" alignItems="center" mb={1} style={{ gap: 8 }}>
          <Typography variant="body2" style={{ width: 140 }} noWrap>
            {g.group}
          </Typography>
          <Box flexGrow={1}>
            <LinearProgress
              variant="determinate"
              value={Math.round(g.share * 100)}
              aria-label={`${g.group} instrumented share`}
            />
          </Box>
          <Typography variant="body2" style={{ width: 120 }}>
            {g.instrumented}/{g.components} ({Math.round(g.share * 100)}%)
          </Typography>
        </Box>
      ))}
    </div>
  );
}
