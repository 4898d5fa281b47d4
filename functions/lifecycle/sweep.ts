// Lambda entry: the scheduled lifecycle sweep (reminders, last warnings, suspensions, terminations).
import { sweepDue } from '../../shared/app/lifecycle/sweep.js';
import { composeLifecycle } from '../../shared/runtime/compose.js';
import { instrument } from '../../shared/runtime/observability.js';

const { deps, observability } = composeLifecycle(process.env);
export const handler = instrument(observability, async () => sweepDue(deps));
