import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { CoverageHistoryPoint } from '@internal/plugin-observability-common';
import { Box, MenuItem, TextField, Typography, useTheme } from '@material-ui/core';
import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { observabilityApiRef } from '../../api';
import { historyChart, pointsOf } from './historyChart';

// About the card's width on a laptop screen, so labels keep their size when the chart scales.
const WIDTH = 1100;
const HEIGHT = 180;
const PAD = { left: 40, right: 12, top: 10, bottom: 24 };
const RANGES = [7, 30, 90] as const;

/** `all`, `owner:<name>` or `system:<name>`. */
type GroupChoice = string;

function parseChoice(choice: GroupChoice): { scope: CoverageHistoryPoint['scope']; group: string } {
  if (choice === 'all') return { scope: 'all', group: 'all' };
  const [scope, ...rest] = choice.split(':');
  return { scope: scope as CoverageHistoryPoint['scope'], group: rest.join(':') };
}

/** Coverage over time: the share of Components instrumented and emitting, per snapshot. */
export function CoverageHistoryCard(props: { owners: string[]; systems: string[] }) {
  const api = useApi(observabilityApiRef);
  const theme = useTheme();
  const [days, setDays] = useState<number>(30);
  const [choice, setChoice] = useState<GroupChoice>('all');
  const { scope, group } = parseChoice(choice);
  const { value, loading, error } = useAsync(
    () => api.getCoverageHistory({ days, scope }),
    [api, days, scope],
  );
  const points = useMemo(() => pointsOf(value?.points ?? [], group), [value, group]);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const chart = points.length ? historyChart(points, plotWidth, plotHeight) : undefined;
  const colors = { instrumented: theme.palette.primary.main, emitting: theme.palette.success?.main ?? '#2e7d32' };

  return (
    <InfoCard title="Coverage over time" subheader="Share of Components instrumented and emitting spans">
      <Box display="flex" style={{ gap: 8 }} mb={1}>
        <TextField
          select
          size="small"
          variant="outlined"
          label="Group"
          value={choice}
          onChange={e => setChoice(e.target.value)}
          style={{ minWidth: 200 }}
          inputProps={{ 'data-testid': 'history-group' }}
        >
          <MenuItem value="all">All components</MenuItem>
          {props.owners.map(o => (
            <MenuItem key={`owner:${o}`} value={`owner:${o}`}>
              Owner: {o}
            </MenuItem>
          ))}
          {props.systems.map(s => (
            <MenuItem key={`system:${s}`} value={`system:${s}`}>
              System: {s}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          variant="outlined"
          label="Range"
          value={days}
          onChange={e => setDays(Number(e.target.value))}
          inputProps={{ 'data-testid': 'history-range' }}
        >
          {RANGES.map(d => (
            <MenuItem key={d} value={d}>
              Last {d} days
            </MenuItem>
          ))}
        </TextField>
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && !chart && (
        <Typography variant="body2" color="textSecondary" data-testid="coverage-history-empty">
          No snapshot in this range yet. The backend takes one shortly after it starts, then every{' '}
          {value.intervalMinutes} minutes.
        </Typography>
      )}
      {chart && (
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          width="100%"
          role="img"
          aria-label={`Coverage over the last ${days} days`}
          data-testid="coverage-history-chart"
        >
          <g transform={`translate(${PAD.left},${PAD.top})`}>
            {[0, 0.5, 1].map(share => (
              <g key={share}>
                <line x1={0} x2={plotWidth} y1={plotHeight * (1 - share)} y2={plotHeight * (1 - share)} stroke={theme.palette.divider} />
                <text x={-6} y={plotHeight * (1 - share) + 4} textAnchor="end" fontSize={11} fill={theme.palette.text.secondary}>
                  {share * 100}%
                </text>
              </g>
            ))}
            {chart.xTicks.map(t => (
              <text key={`${t.x}-${t.label}`} x={t.x} y={plotHeight + 16} textAnchor="middle" fontSize={11} fill={theme.palette.text.secondary}>
                {t.label}
              </text>
            ))}
            <path d={chart.instrumentedPath} fill="none" stroke={colors.instrumented} strokeWidth={2} />
            <path d={chart.emittingPath} fill="none" stroke={colors.emitting} strokeWidth={2} strokeDasharray="5 3" />
            {chart.points.map(p => (
              <g key={p.x}>
                <circle cx={p.x} cy={p.instrumentedY} r={3} fill={colors.instrumented}>
                  <title>{p.label}</title>
                </circle>
                <circle cx={p.x} cy={p.emittingY} r={3} fill={colors.emitting}>
                  <title>{p.label}</title>
                </circle>
              </g>
            ))}
          </g>
        </svg>
      )}
      {chart && (
        <Box display="flex" style={{ gap: 16 }}>
          <Typography variant="caption" style={{ color: colors.instrumented }}>
            ━ instrumented
          </Typography>
          <Typography variant="caption" style={{ color: colors.emitting }}>
            ╍ emitting
          </Typography>
          <Typography variant="caption" color="textSecondary" data-testid="coverage-history-latest">
            {points.length} snapshot(s); latest {points[points.length - 1].instrumented}/
            {points[points.length - 1].components} instrumented
          </Typography>
        </Box>
      )}
    </InfoCard>
  );
}
