import { stringify } from 'yaml';
import type { WorkloadPlan } from './plan';
import { nestAt, podTemplateOf, templatePath } from './workloadObject';

/**
 * The plan as a patch a team commits instead of letting the portal apply it: one
 * server-side-apply document per workload. Env vars the owner already sets are written out
 * with their extended value (the literal the owner wrote plus the agent's part), since in Git
 * the owner's manifest is the one place they live.
 */
export function renderGitOpsPatch(plans: WorkloadPlan[]): string {
  return plans
    .filter(plan => plan.revision)
    .map(plan => {
      const config = JSON.parse(JSON.stringify(plan.applyConfiguration));
      const template = podTemplateOf(plan.kind, config);
      for (const takeover of plan.envTakeovers) {
        const container = template.spec?.containers.find(c => c.name === takeover.container);
        if (!container?.env) continue;
        const originalName = `OTEL_ORIGINAL_${takeover.name}`;
        const original = container.env.find(e => e.name === originalName);
        container.env = container.env.filter(e => e.name !== originalName);
        container.env.push(
          original?.value !== undefined
            ? {
                name: takeover.name,
                value: takeover.replacement.value!.replace(`$(${originalName})`, original.value),
              }
            : { ...original!, name: originalName },
        );
        if (original?.value === undefined) container.env.push(takeover.replacement);
      }
      const document = { ...config, ...nestAt(templatePath(plan.kind), template) };
      return `# ${plan.cluster}: ${plan.kind} ${plan.namespace}/${plan.name}\n${stringify(document)}`;
    })
    .join('---\n');
}
