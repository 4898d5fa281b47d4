// The lifecycle state machine's tasks as Lambda handlers, keyed by their state's name: one function runs
// them all (the payload's `task` says which). The event is the state's input (ids only); a thrown error's
// name is what the machine retries or catches.

import * as A from '../../shared/app/lifecycle/actions.js';
import type { LifecycleDeps, LifecycleInput, LifecycleTaskName } from '../../shared/app/lifecycle/context.js';

export type LifecycleTaskInput = LifecycleInput & {
  task?: LifecycleTaskName;
  error?: { Error?: string; Cause?: string };
};

export function createLifecycleTasks(
  deps: LifecycleDeps,
): Record<LifecycleTaskName, (input: LifecycleTaskInput) => Promise<unknown>> {
  return {
    CallPanel: (input) => A.callPanel(deps, input),
    ReadBack: (input) => A.readBack(deps, input),
    Record: (input) => A.recordOutcome(deps, input),
    UndoSuspend: (input) => A.undoSuspend(deps, input),
    Notify: (input) => A.notifyOutcome(deps, input),
    ActionFailed: (input) => A.actionFailed(deps, input),
  };
}

/** One entry for every task: the state passes its own name as `task`. */
export function lifecycleTaskHandler(deps: LifecycleDeps) {
  const tasks = createLifecycleTasks(deps);
  return (input: LifecycleTaskInput) => {
    const run = input.task && tasks[input.task];
    if (!run) throw new Error(`Unknown lifecycle task "${String(input.task)}"`);
    return run(input);
  };
}
