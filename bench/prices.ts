// List prices, us-east-1, as of 2026-11-24 (sources in docs/performance.md), and the functions' memory as
// deployed: what the bench's counts are priced at.

import { CHECK_INSTALL_MEMORY_MB, INSTALL_WATCHER_MEMORY_MB } from '../shared/domain/install-polling.js';

export const PRICE = {
  sfnTransition: 0.025 / 1000,
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecondArm: 0.0000133334,
  ddbWrite: 0.625 / 1e6,
  ddbRead: 0.125 / 1e6,
  sqsFifoRequest: 0.5 / 1e6,
  sqsStandardRequest: 0.4 / 1e6,
};

/** GB: the tasks and workers 512 MB, the install watcher (and the CheckInstall of older executions) 128 MB, the webhooks 256 MB. */
export const MEMORY_GB = {
  task: 0.5,
  checkInstall: CHECK_INSTALL_MEMORY_MB / 1024,
  installWatcher: INSTALL_WATCHER_MEMORY_MB / 1024,
  worker: 0.5,
  webhook: 0.25,
};

/** In AWS a task waits on the real panel and Graph API: the bench assumes 150 ms a panel call, 300 ms a send. */
export const ASSUMED_MS = { panelCall: 150, send: 300 };
