// Lambda entry: the state machine's EnsureUser task.
import { composeApp } from '../../shared/runtime/compose.js';
import { createTaskHandlers } from './tasks.js';

export const handler = createTaskHandlers(composeApp(process.env).provisioning).EnsureUser;
