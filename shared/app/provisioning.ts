// The provisioning state machine's task use cases (one module each under provisioning/). Input is ids
// only ({orderId, attempt}); output is ids only; every task is idempotent, so a Step Functions retry or an
// operator's redrive is safe. The password is generated, set and sent inside DeliverCredentials only.

export type { ProvisioningDeps, TaskInput } from './provisioning/context.js';
export { type DeliverOutput, deliverCredentials } from './provisioning/credentials.js';
export * from './provisioning/errors.js';
export { type EnsureUserOutput, ensureUser } from './provisioning/panel-user.js';
export { type RollbackOutput, rollback } from './provisioning/rollback.js';
export { type CheckInstallInput, checkInstall, type EnsureServerOutput, ensureServer } from './provisioning/server.js';
