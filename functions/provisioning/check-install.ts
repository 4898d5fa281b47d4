// Lambda entry: the state machine's CheckInstall task.
import { composeApp } from '../../shared/runtime/compose.js';
import { createTaskHandlers } from './tasks.js';

export const handler = createTaskHandlers(composeApp(process.env).provisioning).CheckInstall;
