// The provisioning tasks as Step Functions Lambda handlers: the event is the task's input (ids only),
// the return value its output, and a thrown error's name is what the state machine retries or catches.

import type { ProvisioningDeps } from '../../shared/app/provisioning.js';
import * as P from '../../shared/app/provisioning.js';

export function createTaskHandlers(deps: ProvisioningDeps) {
  return {
    EnsureUser: (input: P.TaskInput) => P.ensureUser(deps, input),
    EnsureServer: (input: P.TaskInput & { userId: number }) => P.ensureServer(deps, input),
    CheckInstall: (input: P.CheckInstallInput) => P.checkInstall(deps, input),
    DeliverCredentials: (input: P.TaskInput & { userId: number; serverId: number }) =>
      P.deliverCredentials(deps, input),
    Rollback: (input: P.TaskInput) => P.rollback(deps, input),
  };
}

export type TaskHandlers = ReturnType<typeof createTaskHandlers>;
export type TaskName = keyof TaskHandlers;
