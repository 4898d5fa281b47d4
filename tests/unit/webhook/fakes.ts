// Small in-memory stand-ins for the webhook's ports.
import type { QueueMessage, QueuePort } from '../../../shared/aws/queue.js';
import { EnvSecrets } from '../../../shared/config/secrets.js';

export class MemoryQueue implements QueuePort {
  readonly messages: QueueMessage[] = [];
  failing = false;

  async send(messages: readonly QueueMessage[]): Promise<void> {
    if (this.failing) throw new Error('queue unavailable');
    this.messages.push(...messages);
  }
}

export class CountingMetrics {
  readonly counts = new Map<string, number>();
  count(name: string, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }
}

export class MemoryLogger {
  readonly lines: string[] = [];
  info(message: string, extra: Record<string, unknown>) {
    this.lines.push(JSON.stringify({ level: 'info', message, ...extra }));
  }
  warn(message: string, extra: Record<string, unknown>) {
    this.lines.push(JSON.stringify({ level: 'warn', message, ...extra }));
  }
  error(message: string, extra: Record<string, unknown>) {
    this.lines.push(JSON.stringify({ level: 'error', message, ...extra }));
  }
}

export function secrets(values: Record<string, string>) {
  return new EnvSecrets(values);
}
