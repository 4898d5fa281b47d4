// Lambda entry: the install-watch queue → one look at each install, then a callback or the next look.
import { composeInstallWatch } from '../../shared/runtime/compose.js';
import { instrument } from '../../shared/runtime/observability.js';
import { createInstallWatchHandler } from './install-watch-batch.js';

const { deps, observability } = composeInstallWatch(process.env);
export const handler = instrument(observability, createInstallWatchHandler(deps));
