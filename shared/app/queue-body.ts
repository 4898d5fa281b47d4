// How a queue body is written: JSON, with non-ASCII escaped so every SQS implementation takes it.

/**
 * JSON for a queue body, with every non-ASCII character escaped (\uXXXX). Lossless for JSON, and it keeps
 * emoji (astral-plane characters) out of the raw body, which some SQS emulators refuse.
 */
export function queueJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
