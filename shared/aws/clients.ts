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

/**
 * Clients are created on first use: the webhook touches only SQS, and building the DynamoDB and Step
 * Functions clients it never uses would add to its cold start.
 */
export function createAwsClients(endpoints: AwsEndpoints = {}): AwsClients {
  const base = {
    ...(endpoints.region ? { region: endpoints.region } : {}),
    ...(endpoints.credentials ? { credentials: endpoints.credentials } : {}),
    maxAttempts: 3,
  };
  let dynamodb: DynamoDBClient | undefined;
  let sqs: SQSClient | undefined;
  let sfn: SFNClient | undefined;
  return {
    get dynamodb() {
      dynamodb ??= new DynamoDBClient({ ...base, ...(endpoints.dynamodb ? { endpoint: endpoints.dynamodb } : {}) });
      return dynamodb;
    },
    get sqs() {
      sqs ??= new SQSClient({ ...base, ...(endpoints.sqs ? { endpoint: endpoints.sqs } : {}) });
      return sqs;
    },
    get sfn() {
      sfn ??= new SFNClient({ ...base, ...(endpoints.stepfunctions ? { endpoint: endpoints.stepfunctions } : {}) });
      return sfn;
    },
  };
}
