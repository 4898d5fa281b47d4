// The state machines' runs as the page shows them: the provisioning runs and the lifecycle runs (suspend,
// unsuspend, terminate) side by side, each as one row per state. A step that failed and waits out its
// back-off before the next try is *retrying*, not failed: Step Functions reports the failure first and the
// retry only once the back-off (seconds to minutes as deployed) has passed.

import { parseActionExecution } from '../../shared/domain/service.js';
import type { ExecutionRecord } from '../sfn/runner.js';
import type { LocalStack } from '../stack.js';

export type Machine = 'provisioning' | 'lifecycle';

/** ok: exited; running: in it now; retrying: failed and will be tried again (or is, after a retry). */
export type StepStatus = 'ok' | 'running' | 'retrying' | 'failed' | 'caught' | 'info';

export interface StepView {
  name: string;
  at: string;
  endAt?: string;
  status: StepStatus;
  /** Times the state was entered (a loop such as the install poll counts up on its row). */
  times: number;
  retries: number;
  /** The last error of the step: why it failed, or why it is being retried. */
  detail?: string;
}

export interface ExecutionView {
  name: string;
  machine: Machine;
  /** What the run is for: `provisioning, attempt 1`, `suspend`, `unsuspend`, `terminate`. */
  label: string;
  orderId: string;
  attempt: number;
  status: ExecutionRecord['status'];
  /** A step is waiting out a back-off or running again after one. */
  retrying: boolean;
  startedAt: string;
  endedAt?: string;
  currentState?: string;
  failedState?: string;
  error?: string;
  redriveCount: number;
  steps: StepView[];
}

/** How many runs the page gets, newest first. */
export const MAX_RUNS = 20;

/** Both state machines' runs, newest first. State inputs and outputs stay out: the page shows the steps. */
export function executionsOf(stack: Pick<LocalStack, 'sfn' | 'lifecycleSfn'>): ExecutionView[] {
  return [
    ...stack.sfn.list().map((e) => executionView(e, 'provisioning')),
    ...(stack.lifecycleSfn?.list() ?? []).map((e) => executionView(e, 'lifecycle')),
  ]
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
    .slice(0, MAX_RUNS);
}

export function executionView(e: ExecutionRecord, machine: Machine): ExecutionView {
  const steps = stepsOf(e);
  const action = machine === 'lifecycle' ? parseActionExecution(e.name)?.action.toLowerCase() : undefined;
  return {
    name: e.name,
    machine,
    label: machine === 'provisioning' ? `provisioning, attempt ${e.attempt}` : (action ?? 'lifecycle'),
    orderId: e.orderId,
    attempt: e.attempt,
    status: e.status,
    retrying: steps.some((s) => s.status === 'retrying'),
    startedAt: e.startedAt,
    ...(e.endedAt ? { endedAt: e.endedAt } : {}),
    ...(e.currentState ? { currentState: e.currentState } : {}),
    ...(e.failedState ? { failedState: e.failedState } : {}),
    ...(e.error ? { error: e.error } : {}),
    redriveCount: e.redriveCount,
    steps,
  };
}

const errorText = (error?: string, cause?: string) => `${error ?? 'Error'}${cause ? `: ${cause.slice(0, 160)}` : ''}`;

/** The events of a run as steps, one row per state, in the order first entered. */
export function stepsOf(e: Pick<ExecutionRecord, 'events' | 'status'>): StepView[] {
  const rows: StepView[] = [];
  const byState = new Map<string, StepView>();
  for (const ev of e.events) {
    const row = ev.state ? byState.get(ev.state) : undefined;
    if (ev.type === 'StateEntered' && ev.state) {
      if (row) {
        row.times += 1;
        row.status = 'running';
        delete row.endAt;
      } else {
        const r: StepView = { name: ev.state, at: ev.at, status: 'running', times: 1, retries: 0 };
        rows.push(r);
        byState.set(ev.state, r);
      }
    } else if (ev.type === 'ExecutionRedriven') {
      rows.push({ name: `redriven from ${ev.state ?? '?'}`, at: ev.at, status: 'info', times: 1, retries: 0 });
      if (ev.state) byState.delete(ev.state);
    } else if (row) {
      applyToStep(row, ev);
    }
  }
  // Failed while the run goes on, and neither caught nor ended: it is waiting to be tried again.
  if (e.status === 'RUNNING') {
    for (const r of rows) if (r.status === 'failed') r.status = 'retrying';
  }
  return rows;
}

function applyToStep(row: StepView, ev: ExecutionRecord['events'][number]): void {
  switch (ev.type) {
    case 'StateExited':
      if (row.status !== 'caught') row.status = 'ok';
      row.endAt = ev.at;
      return;
    case 'StateRetried':
      row.retries = Math.max(row.retries + 1, ev.retry ?? 0);
      row.status = 'retrying';
      delete row.endAt;
      return;
    case 'StateFailed':
      row.status = 'failed';
      row.detail = errorText(ev.error, ev.cause);
      row.endAt = ev.at;
      return;
    case 'StateCaught':
      row.status = 'caught';
      row.endAt = ev.at;
      return;
  }
}
