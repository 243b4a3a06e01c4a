export { OnboardingButton, type OnboardingButtonProps } from './OnboardingButton';
