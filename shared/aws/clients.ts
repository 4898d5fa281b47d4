// AWS SDK clients, created once per process and passed in, so tests and the local stack point them at emulators.

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { type AwsEndpoints, clientConfig } from './client-config.js';

export type { AwsEndpoints } from './client-config.js';

export interface AwsClients {
  dynamodb: DynamoDBClient;
  sqs: SQSClient;
  sfn: SFNClient;
}

/** Clients are created on first use: a function builds only the clients it touches. */
export function createAwsClients(endpoints: AwsEndpoints = {}): AwsClients {
  let dynamodb: DynamoDBClient | undefined;
  let sqs: SQSClient | undefined;
  let sfn: SFNClient | undefined;
  return {
    get dynamodb() {
      dynamodb ??= new DynamoDBClient(clientConfig(endpoints, endpoints.dynamodb));
      return dynamodb;
    },
    get sqs() {
      sqs ??= new SQSClient(clientConfig(endpoints, endpoints.sqs));
      return sqs;
    },
    get sfn() {
      sfn ??= new SFNClient(clientConfig(endpoints, endpoints.stepfunctions));
      return sfn;
    },
  };
}
