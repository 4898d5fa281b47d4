// Powertools as meant: one Logger and one Metrics per function, the Lambda context (request id, cold
// start) added to the logger on every invocation, and the metrics of an invocation flushed once at its end.

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import type { CountMetric, Log } from '../app/ports.js';

export interface Observability {
  log: Log;
  metric: CountMetric;
  logger: Logger;
  metrics: Metrics;
}

export function observability(serviceName: string): Observability {
  const logger = new Logger({ serviceName });
  const metrics = new Metrics({ namespace: 'Spawnpoint', serviceName });
  return {
    logger,
    metrics,
    log: {
      info: (m, f) => logger.info(m, f ?? {}),
      warn: (m, f) => logger.warn(m, f ?? {}),
      error: (m, f) => logger.error(m, f ?? {}),
    },
    metric: (name, n = 1) => metrics.addMetric(name, MetricUnit.Count, n),
  };
}

/** Wraps a Lambda handler: the context goes to the logger first, the stored metrics are flushed last. */
export function instrument<E, R>(
  o: Pick<Observability, 'logger' | 'metrics'>,
  handler: (event: E, context: Context) => Promise<R>,
): (event: E, context: Context) => Promise<R> {
  return async (event, context) => {
    if (context) o.logger.addContext(context);
    try {
      return await handler(event, context);
    } finally {
      if (o.metrics.hasStoredMetrics()) o.metrics.publishStoredMetrics();
    }
  };
}
