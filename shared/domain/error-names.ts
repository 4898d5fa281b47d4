// Every error name something matches on, in one place: the error classes set their `name` from here, and
// the state machine's Retry/Catch lists, the outbox's handling and the provisioning tasks import the same
// constants. A renamed entry changes every side at once; a misspelt one fails the type check.
// (Bundles are minified, which renames classes: names are set explicitly, never taken from the class.)

export const ErrorName = {
  // the panel client (shared/panel/panel-errors.ts)
  Panel: 'PanelError',
  PanelRateLimited: 'PanelRateLimitedError',
  PanelUnavailable: 'PanelUnavailableError',
  PanelRejected: 'PanelRejectedError',
  PanelNoCapacity: 'PanelNoCapacityError',
  PanelNotFound: 'PanelNotFoundError',
  PanelUnauthorized: 'PanelUnauthorizedError',
  // the Graph client (shared/whatsapp/graph-errors.ts)
  WhatsApp: 'WhatsAppError',
  WhatsAppWindowClosed: 'WhatsAppWindowClosedError',
  WhatsAppRetryable: 'WhatsAppRetryableError',
  WhatsAppPermanent: 'WhatsAppPermanentError',
  WhatsAppToken: 'WhatsAppTokenError',
  WhatsAppAmbiguous: 'WhatsAppAmbiguousError',
  NoTemplateForm: 'NoTemplateFormError',
  // the domain (shared/domain/domain-errors.ts)
  Domain: 'DomainError',
  IllegalTransition: 'IllegalTransitionError',
  Config: 'ConfigError',
  MessageLimit: 'MessageLimitError',
  // the provisioning tasks (shared/app/provisioning/errors.ts)
  StaleExecution: 'StaleExecutionError',
  ServerInstallFailed: 'ServerInstallFailedError',
  InstallTimeout: 'InstallTimeoutError',
  InstallNotReady: 'InstallNotReadyError',
  PackageNotConfigured: 'PackageNotConfiguredError',
  CredentialsUndeliverable: 'CredentialsUndeliverableError',
  DeliveryBusy: 'DeliveryBusyError',
  // the lifecycle tasks (shared/app/lifecycle/actions.ts)
  PanelStateMismatch: 'PanelStateMismatchError',
  ServerGone: 'ServerGoneError',
  // the payment gateways (shared/payments/gateway-errors.ts)
  PaymentGatewayUnavailable: 'PaymentGatewayUnavailableError',
  PaymentGatewayRefused: 'PaymentGatewayRefusedError',
  // the workers and adapters
  DeliveryRetryLater: 'DeliveryRetryLaterError',
  OutOfTime: 'OutOfTimeError',
  MessageInProgress: 'MessageInProgressError',
  SecretMissing: 'SecretMissingError',
  QueueSend: 'QueueSendError',
} as const;

export type ErrorName = (typeof ErrorName)[keyof typeof ErrorName];

/** The error's name when it is one of ours (any thrown value is accepted; anything else gives undefined). */
export function errorNameOf(e: unknown): ErrorName | undefined {
  const name = e instanceof Error ? e.name : undefined;
  return name !== undefined && (Object.values(ErrorName) as string[]).includes(name) ? (name as ErrorName) : undefined;
}

/** Panel errors worth retrying with back-off (the panel may answer next time). */
export const TRANSIENT_PANEL_ERRORS: readonly ErrorName[] = [ErrorName.PanelUnavailable];
/** The panel's per-minute limit: wait long enough for the window to pass. */
export const RATE_LIMIT_ERRORS: readonly ErrorName[] = [ErrorName.PanelRateLimited];
/** Graph failures a later try can fix (throttling, outages, a token rotated in the secret meanwhile). */
export const TRANSIENT_WHATSAPP_ERRORS: readonly ErrorName[] = [ErrorName.WhatsAppRetryable, ErrorName.WhatsAppToken];
/** A task that must wait for another try (of its order, or of another order of the customer) to finish. */
export const WAIT_FOR_OTHER_ERRORS: readonly ErrorName[] = [ErrorName.DeliveryBusy];
/** A message that can never be delivered as it is: recorded and reported to the admins. */
export const UNDELIVERABLE_ERRORS: readonly ErrorName[] = [
  ErrorName.WhatsAppPermanent,
  ErrorName.WhatsAppWindowClosed,
  ErrorName.MessageLimit,
];
