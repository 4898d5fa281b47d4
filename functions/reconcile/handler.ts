// Lambda entry: the scheduled reconciliation of panel servers against their orders.
import { reconcileServers } from '../../shared/app/reconcile.js';
import { composeReconcile } from '../../shared/runtime/compose.js';
import { instrument } from '../../shared/runtime/observability.js';

const { deps, observability } = composeReconcile(process.env);
export const handler = instrument(observability, async () => {
  const report = await reconcileServers(deps);
  return { checked: report.checked, orphans: report.orphans.length };
});
