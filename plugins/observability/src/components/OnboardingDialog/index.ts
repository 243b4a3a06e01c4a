export { OnboardingDialog, type OnboardingDialogProps } from './OnboardingDialog';
export { OperationProgress } from './OperationProgress';
export { useOperation } from './useOperation';
export { GitOpsExportDialog } from './GitOpsExportDialog';
export { UninstrumentDialog } from './UninstrumentDialog';
