import type { ContainerDetection } from '@internal/plugin-observability-common';
import { Chip, Tooltip } from '@material-ui/core';

const LANGUAGE_LABELS: Record<string, string> = {
  java: 'Java',
  python: 'Python',
  nodejs: 'Node.js',
  dotnet: '.NET',
  go: 'Go',
  ruby: 'Ruby',
  php: 'PHP',
  rust: 'Rust',
  cpp: 'C++',
  unknown: 'Unknown',
};

/** The detected language, with version; hover shows the evidence and how sure we are. */
export function LanguageChip(props: { detection: ContainerDetection }) {
  const { detection } = props;
  const label = `${LANGUAGE_LABELS[detection.language] ?? detection.language}${
    detection.runtimeVersion ? ` ${detection.runtimeVersion}` : ''
  }`;
  const source =
    detection.source === 'process' ? 'seen running by the node agent' : 'guessed from the pod spec';
  return (
    <Tooltip
      title={
        <div>
          <div>
            {Math.round(detection.confidence * 100)}% confident, {source}
          </div>
          {detection.evidence.map(e => (
            <div key={e}>• {e}</div>
          ))}
        </div>
      }
    >
      <Chip
        size="small"
        label={label}
        variant={detection.source === 'process' ? 'default' : 'outlined'}
        data-testid={`language-${detection.language}`}
      />
    </Tooltip>
  );
}
