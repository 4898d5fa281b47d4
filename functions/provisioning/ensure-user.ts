// Lambda entry: the state machine's EnsureUser task.
import { composeProvisioning } from '../../shared/runtime/compose.js';
import { instrument } from '../../shared/runtime/observability.js';
import { createTaskHandlers } from './tasks.js';

const { deps, observability } = composeProvisioning(process.env);
export const handler = instrument(observability, createTaskHandlers(deps).EnsureUser);
