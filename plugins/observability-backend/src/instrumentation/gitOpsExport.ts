import type { V1EnvVar } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { NAMESPACE } from '../pipeline/collector/constants';
import { renderEbpfDiscovery } from '../pipeline/ebpf/discovery';
import { EBPF_AGENT } from '../pipeline/ebpf/manifests';
import type { EnvTakeover, WorkloadPlan } from './plan';
import { nestAt, podTemplateOf, templatePath } from './workloadObject';

export const GITOPS_INSTRUCTIONS = [
  'Commit the workload documents next to each workload\'s manifest as kustomize (strategic merge) patches,',
  'and the documents marked "New resource" (the OpenTelemetry Operator\'s Instrumentation) as resources.',
  'Comments in a document name what a patch cannot do: an owner\'s env var set from valueFrom must be',
  'edited in the owner\'s manifest, and compiled containers need a rule in the eBPF agent\'s discovery.',
  'Or apply them with `kubectl apply --server-side --field-manager=backstage-observability -f`; an env var',
  'the owner already sets is then a field conflict with the owner\'s manager, so change it in the manifest.',
  'No application image changes: the agents come from their upstream images.',
].join(' ');

/** Comment lines (`# …`) for a block of text or YAML. */
const comment = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map(line => `# ${line}`.trimEnd())
    .join('\n');

type Companion = { cluster: string; object: Record<string, any> };
const companionKey = ({ cluster, object: o }: Companion) =>
  `${cluster}/${o.apiVersion}/${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`;

/**
 * Writes an extended env var the way Git needs it. A literal is inlined (`$(OTEL_ORIGINAL_…)`
 * could not resolve: a patch appends after the owner's entry). A `valueFrom` cannot be
 * extended by a patch (the var would get both value and valueFrom), so the patch leaves the
 * var alone and the returned note says how to edit the owner's manifest instead.
 */
function rewriteTakeover(env: V1EnvVar[], takeover: EnvTakeover): { env: V1EnvVar[]; note?: string } {
  const originalName = `OTEL_ORIGINAL_${takeover.name}`;
  const original = env.find(e => e.name === originalName);
  const rest = env.filter(e => e.name !== originalName);
  if (original?.value !== undefined) {
    const value = takeover.replacement.value!.replace(`$(${originalName})`, original.value);
    return { env: [...rest, { name: takeover.name, value }] };
  }
  const entries = [{ ...takeover.original, name: originalName }, takeover.replacement];
  return {
    env: rest,
    note: [
      `Container ${takeover.container} sets ${takeover.name} from valueFrom, which a patch cannot extend.`,
      `In the owner's manifest, replace that ${takeover.name} entry with these two, in this order:`,
      stringify(entries, { lineWidth: 0 }),
    ].join('\n'),
  };
}

/** What a team must know about the eBPF agent, which selects by discovery rule, not annotation. */
function ebpfNote(plan: WorkloadPlan): string {
  const containers = plan.containers.filter(c => c.strategy === 'ebpf').map(c => c.container);
  const rule = renderEbpfDiscovery([plan])[plan.cluster].instrument;
  const subject = containers.length === 1 ? `Container ${containers[0]} is` : `Containers ${containers.join(', ')} are`;
  return [
    `${subject} traced by the eBPF agent (DaemonSet ${NAMESPACE}/${EBPF_AGENT}).`,
    'It selects workloads by the discovery rules in its ConfigMap, not by the annotation below; this one needs:',
    stringify({ discovery: { instrument: rule } }),
    'The portal writes those rules from the annotations it finds in the cluster whenever it applies',
    'instrumentation there: once this patch is live, press Instrument for this entity in the portal',
    '(it changes nothing in the workload) so the agent selects it.',
  ].join('\n');
}

function workloadDocument(plan: WorkloadPlan): string {
  const config = JSON.parse(JSON.stringify(plan.applyConfiguration));
  const template = podTemplateOf(plan.kind, config);
  const notes: string[] = [];
  for (const takeover of plan.envTakeovers) {
    const container = template.spec?.containers.find(c => c.name === takeover.container);
    if (!container?.env) continue;
    const { env, note } = rewriteTakeover(container.env, takeover);
    container.env = env;
    if (note) notes.push(note);
  }
  if (plan.usesEbpf) notes.push(ebpfNote(plan));
  const document = { ...config, ...nestAt(templatePath(plan.kind), template) };
  const header = `Patch for ${plan.cluster}: ${plan.kind} ${plan.namespace}/${plan.name}`;
  return `${comment([header, ...notes].join('\n\n'))}\n${stringify(document)}`;
}

/**
 * The plan as files a team commits instead of letting the portal apply it: first every
 * companion object (the Operator's Instrumentation, once per namespace), then one patch per
 * workload. Env vars the owner sets are written with their extended value, since in Git the
 * owner's manifest is the one place they live.
 */
export function renderGitOpsPatch(plans: WorkloadPlan[]): string {
  const planned = plans.filter(plan => plan.revision);
  const companions = new Map(
    planned
      .flatMap(plan => plan.companionObjects.map((object): Companion => ({ cluster: plan.cluster, object })))
      .map(c => [companionKey(c), c] as const),
  );
  const resources = [...companions.values()].map(({ cluster, object: o }) => {
    const header = `New resource for ${cluster}: ${o.kind} ${o.metadata.namespace}/${o.metadata.name} (apply it before the patches)`;
    return `${comment(header)}\n${stringify(o)}`;
  });
  return [...resources, ...planned.map(workloadDocument)].join('---\n');
}
