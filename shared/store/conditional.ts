// The one pattern of every write in this table: a single-item conditional write that either happens or,
// because the item is not in the expected state, does not. Not happening is an answer, not an error.

import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** True when the write happened; false when its condition did not hold. Other errors propagate. */
export async function conditionally(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false;
    throw e;
  }
}
