// Lambda entry: every task of the lifecycle state machine (CallPanel, ReadBack, Record, UndoSuspend, Notify,
// ActionFailed), selected by the payload's `task`.
import { composeLifecycle } from '../../shared/runtime/compose.js';
import { instrument } from '../../shared/runtime/observability.js';
import { lifecycleTaskHandler } from './tasks.js';

const { deps, observability } = composeLifecycle(process.env);
export const handler = instrument(observability, lifecycleTaskHandler(deps));
