import type { OperatorAvailability } from '@internal/plugin-observability-common';
import type { ClusterClient } from '../clusters/ClusterRegistry';
import { kubeErrorDetails } from '../clusters/kubeErrors';
import { OPERATOR_CRD } from './operatorStrategy';

/** A cluster's answer, plus whether it was a failed check rather than a missing CRD. */
export interface OperatorCheck extends OperatorAvailability {
  checkFailed: boolean;
}

/**
 * Whether the OpenTelemetry Operator can inject in a cluster: its Instrumentation CRD exists.
 * One read per cluster; a 404 means not installed, any other error is reported as such (the
 * choice stays unavailable, and the reason says the check failed, not that it is missing).
 */
export async function checkOperator(client: ClusterClient): Promise<OperatorCheck> {
  try {
    await client.objects.read({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: OPERATOR_CRD },
    });
    return { cluster: client.name, installed: true, checkFailed: false };
  } catch (error) {
    const details = kubeErrorDetails(error);
    if (details.code === 404) {
      return {
        cluster: client.name,
        installed: false,
        checkFailed: false,
        reason: `The OpenTelemetry Operator is not installed in cluster ${client.name} (no ${OPERATOR_CRD} CRD)`,
      };
    }
    return {
      cluster: client.name,
      installed: false,
      checkFailed: true,
      reason: `Could not check for the OpenTelemetry Operator in cluster ${client.name}: ${details.message}`,
    };
  }
}

export function toOperatorAvailability({ checkFailed: _, ...availability }: OperatorCheck): OperatorAvailability {
  return availability;
}
