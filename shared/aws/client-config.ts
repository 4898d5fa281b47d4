// The configuration every AWS SDK client of ours shares (region, emulator credentials, retries). Kept
// apart from clients.ts so the webhook can build its one SQS client without importing the others.

export interface AwsEndpoints {
  region?: string;
  dynamodb?: string;
  sqs?: string;
  stepfunctions?: string;
  /** Static credentials for local emulators; in AWS the default provider chain is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function clientConfig(endpoints: AwsEndpoints, endpoint: string | undefined) {
  return {
    ...(endpoints.region ? { region: endpoints.region } : {}),
    ...(endpoints.credentials ? { credentials: endpoints.credentials } : {}),
    ...(endpoint ? { endpoint } : {}),
    maxAttempts: 3,
  };
}
