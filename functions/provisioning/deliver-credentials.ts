// Lambda entry: the state machine's DeliverCredentials task.
import { composeProvisioning } from '../../shared/runtime/compose.js';
import { instrument } from '../../shared/runtime/observability.js';
import { createTaskHandlers } from './tasks.js';

const { deps, observability } = composeProvisioning(process.env);
export const handler = instrument(observability, createTaskHandlers(deps).DeliverCredentials);
