// AWS SDK clients, created once per process and passed in, so tests and the local stack point them at emulators.

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';

export interface AwsEndpoints {
  region?: string;
  dynamodb?: string;
  sqs?: string;
  stepfunctions?: string;
  /** Static credentials for local emulators; in AWS the default provider chain is used. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export interface AwsClients {
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  sfn: SFNClient;
}

export function createAwsClients(endpoints: AwsEndpoints = {}): AwsClients {
  const base = {
    ...(endpoints.region ? { region: endpoints.region } : {}),
    ...(endpoints.credentials ? { credentials: endpoints.credentials } : {}),
    maxAttempts: 3,
  };
  return {
    dynamodb: new DynamoDBClient({ ...base, ...(endpoints.dynamodb ? { endpoint: endpoints.dynamodb } : {}) }),
    sqs: new SQSClient({ ...base, ...(endpoints.sqs ? { endpoint: endpoints.sqs } : {}) }),
    sfn: new SFNClient({ ...base, ...(endpoints.stepfunctions ? { endpoint: endpoints.stepfunctions } : {}) }),
  };
}
