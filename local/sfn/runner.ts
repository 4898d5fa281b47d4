// The local Step Functions: runs the synthesized definition with aws-local-stepfunctions. Lambda tasks
// go to the same handler code, direct integrations go to the local DynamoDB and SQS through the real SDK.
// It keeps each execution's events (the console's history) and can redrive a failed execution from the
// step that failed, with that step's input, as Step Functions does.

import '../polyfills.js';
import { randomUUID } from 'node:crypto';
import { UpdateItemCommand, type UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';

type Json = Parameters<
  NonNullable<NonNullable<Parameters<StateMachine['run']>[1]>['overrides']>['taskResourceLocalHandlers'] extends infer H
    ? H extends Record<string, (i: infer I) => unknown>
      ? (i: I) => unknown
      : never
    : never
>[0];

import type { ExecutionView, ProvisioningRunner, StartResult } from '../../shared/app/ports.js';
import type { AwsClients } from '../../shared/aws/clients.js';
import { executionName } from '../../shared/domain/order.js';

export type TaskFn = (input: never) => Promise<unknown>;

export interface LocalStepFunctionsOptions {
  asl: StateMachineDefinition;
  /** Lambda task handlers by state name (EnsureUser, ...). */
  tasks: Record<string, TaskFn>;
  clients: AwsClients;
  tableName: string;
  outboxQueueUrl: string;
  /** Milliseconds for every Wait state (default: as defined, in seconds). */
  waitMs?: number;
  /** Milliseconds between retries of every retrier (default: as defined). */
  retryMs?: number;
  /**
   * Runs the definition's time this many times faster, as defined otherwise: every retrier's interval,
   * back-off, cap and jitter, and every Wait of seconds (a fixed `waitMs` or `retryMs` still wins). The
   * bench uses it with a panel whose clock runs as fast, so it measures what AWS would do, only sooner.
   */
  timeScale?: number;
  onEvent?: (execution: ExecutionRecord, event: RecordedEvent) => void;
  /**
   * The queue a direct SQS integration sends to, by its `QueueUrl` as synthesized (`local:<logical id>`);
   * unknown ones go to the outbox.
   */
  queueUrlFor?: (ref: string) => string | undefined;
  /**
   * Sends a message `delaySeconds` later (an SQS send's DelaySeconds, at the stack's time scale): the
   * install watch's first look.
   */
  sendLater?: (queueUrl: string, body: string, delaySeconds: number) => Promise<void>;
  /** Called when an execution ends other than SUCCEEDED (the EventBridge rule of the stack). */
  onStopped?: (execution: ExecutionRecord, status: ExecutionRecord['status']) => Promise<void>;
}

export interface RecordedEvent {
  type: string;
  at: string;
  state?: string;
  /** State input (StateEntered) or output (StateExited): ids only, by design. */
  data?: unknown;
  error?: string;
  cause?: string;
  retry?: number;
}

export interface ExecutionRecord {
  name: string;
  orderId: string;
  attempt: number;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  startedAt: string;
  endedAt?: string;
  events: RecordedEvent[];
  currentState?: string;
  failedState?: string;
  error?: string;
  cause?: string;
  redriveCount: number;
  /** The input of the state that failed: what a redrive resumes with. Ids only. */
  failedInput?: unknown;
  done: Promise<void>;
}

export class LocalStepFunctions implements ProvisioningRunner {
  private readonly executions = new Map<string, ExecutionRecord>();
  /** One machine per start state (redrive variants differ only in StartAt). */
  private readonly machines = new Map<string, StateMachine>();
  private readonly stateTypes: Record<string, string>;
  /** How to abort each running execution (abandon()). */
  private readonly aborts = new Map<ExecutionRecord, () => void>();
  private abandoning = false;

  /** The definition as run: the synthesized one, with its times scaled when `timeScale` is set. */
  private readonly asl: StateMachineDefinition;
  /** Tasks paused on a task token (`.waitForTaskToken`), by token: what SendTaskSuccess/Failure answer. */
  private readonly paused = new Map<string, { resolve: (output: unknown) => void; reject: (e: Error) => void }>();
  /** Each execution's tokens: when it ends (stopped, aborted, failed), nobody waits on them any more. */
  private readonly tokens = new WeakMap<ExecutionRecord, Set<string>>();

  private tokensOf(record: ExecutionRecord): Set<string> {
    const known = this.tokens.get(record);
    if (known) return known;
    const set = new Set<string>();
    this.tokens.set(record, set);
    return set;
  }

  constructor(private readonly options: LocalStepFunctionsOptions) {
    this.asl =
      options.timeScale && options.timeScale !== 1
        ? scaledDefinition(options.asl, options.timeScale, {
            waits: options.waitMs === undefined,
            retries: options.retryMs === undefined,
          })
        : options.asl;
    this.stateTypes = Object.fromEntries(
      Object.entries(this.asl.States).map(([k, v]) => [k, (v as { Type: string }).Type]),
    );
  }

  async start(orderId: string, attempt: number): Promise<StartResult> {
    return this.startNamed(executionName(orderId, attempt), { orderId, attempt });
  }

  /** Starts an execution under its own name with this input; a name used before starts nothing (as in AWS). */
  async startNamed(
    name: string,
    input: { orderId: string; attempt?: number } & Record<string, unknown>,
  ): Promise<StartResult> {
    if (this.executions.has(name)) return 'already-started';
    if (this.abandoning) throw new Error(`Not starting ${name}: the local Step Functions are stopping`);
    const record: ExecutionRecord = {
      name,
      orderId: input.orderId,
      attempt: input.attempt ?? 0,
      status: 'RUNNING',
      startedAt: new Date().toISOString(),
      events: [],
      redriveCount: 0,
      done: Promise.resolve(),
    };
    this.executions.set(name, record);
    record.done = this.run(record, this.asl.StartAt, input);
    return 'started';
  }

  /** Resumes a failed execution by name from the state that failed (the console's redrive). */
  async redriveNamed(name: string): Promise<'redriven' | 'not-redrivable'> {
    const record = this.executions.get(name);
    if (!record || record.status === 'RUNNING' || record.status === 'SUCCEEDED' || !record.failedState)
      return 'not-redrivable';
    record.status = 'RUNNING';
    record.redriveCount += 1;
    this.push(record, { type: 'ExecutionRedriven', at: new Date().toISOString(), state: record.failedState });
    record.done = this.run(record, record.failedState, record.failedInput);
    return 'redriven';
  }

  async redrive(orderId: string, attempt: number): Promise<'redriven' | 'not-redrivable'> {
    return this.redriveNamed(executionName(orderId, attempt));
  }

  async describe(orderId: string, attempt: number): Promise<ExecutionView | undefined> {
    const r = this.executions.get(executionName(orderId, attempt));
    if (!r) return undefined;
    if (r.status === 'RUNNING')
      return { status: 'RUNNING', ...(r.currentState ? { currentStep: r.currentState } : {}) };
    return {
      status: r.status,
      ...(r.failedState ? { failedStep: r.failedState } : {}),
      ...(r.error ? { error: r.error } : {}),
      ...(r.cause ? { cause: r.cause } : {}),
    };
  }

  get(orderId: string, attempt: number): ExecutionRecord | undefined {
    return this.executions.get(executionName(orderId, attempt));
  }

  list(): ExecutionRecord[] {
    return [...this.executions.values()];
  }

  /** Resolves when no execution is running (executions started meanwhile included). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.executions.values()].filter((e) => e.status === 'RUNNING');
      if (running.length === 0) return;
      await Promise.all(running.map((e) => e.done));
    }
  }

  /**
   * Stops the runner for good (`npm start` stopping): running executions get `graceMs` to end, the rest are
   * aborted, without the stopped notice (they are not failures: a kept run starts them again, restart.ts).
   * A task handler already called still finishes on its own; nothing acts on its result.
   */
  async abandon(graceMs: number): Promise<void> {
    const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
    await Promise.race([this.idle(), sleep(graceMs)]);
    this.abandoning = true;
    for (const abort of this.aborts.values()) abort();
    await Promise.race([this.idle(), sleep(1000)]);
  }

  /** Step Functions' SendTaskSuccess: the paused task ends with this output; `gone` if nothing waits on the token. */
  async sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<'delivered' | 'gone'> {
    const waiting = this.paused.get(taskToken);
    if (!waiting) return 'gone';
    this.paused.delete(taskToken);
    waiting.resolve(output);
    return 'delivered';
  }

  /** Step Functions' SendTaskFailure: the paused task fails with this error (what its Catch matches). */
  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<'delivered' | 'gone'> {
    const waiting = this.paused.get(taskToken);
    if (!waiting) return 'gone';
    this.paused.delete(taskToken);
    const e = new Error(cause);
    e.name = error;
    waiting.reject(e);
    return 'delivered';
  }

  private push(record: ExecutionRecord, event: RecordedEvent): void {
    record.events.push(event);
    this.options.onEvent?.(record, event);
  }

  private async run(record: ExecutionRecord, startAt: string, input: unknown): Promise<void> {
    let machine = this.machines.get(startAt);
    if (!machine) {
      // Validation takes ~4 s of CPU per construction; the infra tests validate this very definition with
      // asl-validator, so the local runner does not repeat it.
      machine = new StateMachine({ ...this.asl, StartAt: startAt }, { validationOptions: { noValidate: true } });
      this.machines.set(startAt, machine);
    }
    const waitOverrides: Record<string, number> = {};
    const retryOverrides: Record<string, number> = {};
    for (const [name, type] of Object.entries(this.stateTypes)) {
      if (type === 'Wait' && this.options.waitMs !== undefined) waitOverrides[name] = this.options.waitMs;
      if (type === 'Task' && this.options.retryMs !== undefined) retryOverrides[name] = this.options.retryMs;
    }
    const execution = machine.run(input as never, {
      overrides: {
        taskResourceLocalHandlers: this.taskHandlers(record),
        waitTimeOverrides: waitOverrides,
        retryIntervalOverrides: retryOverrides,
      },
      // Each callback task gets its own token: the handler puts a fresh one where the definition reads this.
      context: { Execution: { Id: record.name, Name: record.name }, Task: { Token: TASK_TOKEN_PLACEHOLDER } },
    });
    this.aborts.set(record, execution.abort);
    let lastEntered: { name: string; input: unknown } | undefined;
    const consume = (async () => {
      for await (const e of execution.eventLogs) {
        const at = new Date(e.timestamp).toISOString();
        if (e.type === 'StateEntered') {
          lastEntered = { name: e.state.name, input: e.state.input };
          record.currentState = e.state.name;
          this.push(record, { type: e.type, at, state: e.state.name, data: e.state.input });
        } else if (e.type === 'StateFailed' || e.type === 'ExecutionFailed') {
          this.push(record, {
            type: e.type,
            at,
            ...('state' in e ? { state: e.state.name } : {}),
            error: e.Error,
            cause: String(e.Cause ?? ''),
          });
        } else if (e.type === 'StateRetried') {
          this.push(record, { type: e.type, at, state: e.state.name, retry: e.retry.attempt });
        } else if (e.type === 'StateExited') {
          this.push(record, { type: e.type, at, state: e.state.name, data: e.state.output });
        } else if (e.type === 'StateCaught') {
          this.push(record, { type: e.type, at, state: e.state.name });
        } else if (e.type === 'ExecutionStarted' || e.type === 'ExecutionSucceeded') {
          this.push(record, { type: e.type, at });
        }
      }
    })();
    let status: ExecutionRecord['status'] = 'FAILED';
    try {
      await execution.result;
      status = 'SUCCEEDED';
      delete record.failedState;
      delete record.failedInput;
    } catch (e) {
      const cause = (e as { cause?: { name?: string; message?: string } }).cause;
      record.error = cause?.name ?? (e instanceof Error ? e.name : 'Error');
      record.cause = cause?.message ?? (e instanceof Error ? e.message : String(e));
      if (lastEntered) {
        record.failedState = lastEntered.name;
        record.failedInput = lastEntered.input;
      }
    } finally {
      this.aborts.delete(record);
      // As in AWS: a callback for a task of an execution that has ended is TaskTimedOut / TaskDoesNotExist.
      for (const token of this.tokensOf(record)) this.paused.delete(token);
      this.tokensOf(record).clear();
      await consume.catch(() => undefined);
      record.endedAt = new Date().toISOString();
      delete record.currentState;
      if (this.abandoning && status !== 'SUCCEEDED') status = 'ABORTED';
      // What EventBridge's "Execution Status Change" rule does in AWS; done before the execution counts as
      // ended, so whoever waits for executions also waits for its consequences.
      else if (status !== 'SUCCEEDED') await this.options.onStopped?.(record, status).catch(() => undefined);
      record.status = status;
    }
  }

  /**
   * `sqs:sendMessage.waitForTaskToken`: sends the body with a fresh token in place of `$$.Task.Token` and
   * waits for SendTaskSuccess/Failure on it. At the task's TimeoutSeconds the token stops being answerable
   * (the library times the task out at the same moment, as States.Timeout).
   */
  private async sendAndWait(record: ExecutionRecord, input: Json, timeoutSeconds: number): Promise<Json> {
    const p = input as unknown as { QueueUrl?: string; MessageBody: unknown; DelaySeconds?: number };
    const token = `local-${randomUUID()}`;
    const raw = typeof p.MessageBody === 'string' ? p.MessageBody : JSON.stringify(p.MessageBody);
    const body = raw.replaceAll(TASK_TOKEN_PLACEHOLDER, token);
    const queueUrl = this.options.queueUrlFor?.(String(p.QueueUrl)) ?? this.options.outboxQueueUrl;
    const answered = new Promise<unknown>((resolve, reject) => this.paused.set(token, { resolve, reject }));
    this.tokensOf(record).add(token);
    const expiry = setTimeout(() => this.paused.delete(token), timeoutSeconds * 1000);
    expiry.unref();
    try {
      const delay = p.DelaySeconds ?? 0;
      if (this.options.sendLater) await this.options.sendLater(queueUrl, body, delay);
      else
        await this.options.clients.sqs.send(
          new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, DelaySeconds: delay }),
        );
    } catch (e) {
      this.paused.delete(token);
      clearTimeout(expiry);
      throw renamed(e, 'SQS');
    }
    try {
      return (await answered) as Json;
    } finally {
      clearTimeout(expiry);
    }
  }

  private taskHandlers(record: ExecutionRecord): Record<string, (input: Json) => Promise<Json>> {
    const out: Record<string, (input: Json) => Promise<Json>> = {};
    const { clients, tableName, outboxQueueUrl, tasks } = this.options;
    for (const [name, state] of Object.entries(this.asl.States)) {
      const s = state as { Type: string; Resource?: string; Comment?: string };
      if (s.Type !== 'Task' || !s.Resource) continue;
      const r = s.Resource;
      if (r === SCALED_WAIT) {
        const { path, scale } = JSON.parse(s.Comment ?? '{}') as { path: string; scale: number };
        out[name] = async (input) => {
          const seconds = Number(readPath(input, path));
          await new Promise((resolve) => setTimeout(resolve, (Math.max(0, seconds) * 1000) / scale));
          return input;
        };
      } else if (r.startsWith('arn:aws:lambda:')) {
        const fn = tasks[name];
        if (!fn) throw new Error(`No local handler for the Lambda task ${name}`);
        out[name] = async (input) => (await fn(input as never)) as Json;
      } else if (r === 'arn:aws:states:::dynamodb:updateItem') {
        out[name] = async (input) => {
          const params = { ...(input as unknown as UpdateItemCommandInput), TableName: tableName };
          try {
            const { $metadata: _m, ...rest } = await clients.dynamodb.send(new UpdateItemCommand(params));
            return rest as unknown as Json;
          } catch (e) {
            throw renamed(e, 'DynamoDB');
          }
        };
      } else if (r === 'arn:aws:states:::sqs:sendMessage.waitForTaskToken') {
        const timeoutSeconds = (state as { TimeoutSeconds?: number }).TimeoutSeconds ?? 60;
        out[name] = async (input) => this.sendAndWait(record, input, timeoutSeconds);
      } else if (r === 'arn:aws:states:::sqs:sendMessage') {
        out[name] = async (input) => {
          const p = input as unknown as {
            QueueUrl?: string;
            MessageBody: unknown;
            MessageGroupId?: string;
            MessageDeduplicationId?: string;
          };
          try {
            const body = typeof p.MessageBody === 'string' ? p.MessageBody : JSON.stringify(p.MessageBody);
            const { $metadata: _m, ...rest } = await clients.sqs.send(
              new SendMessageCommand({
                QueueUrl: this.options.queueUrlFor?.(String(p.QueueUrl)) ?? outboxQueueUrl,
                MessageBody: body,
                ...(p.MessageGroupId ? { MessageGroupId: p.MessageGroupId } : {}),
                ...(p.MessageDeduplicationId ? { MessageDeduplicationId: p.MessageDeduplicationId } : {}),
              }),
            );
            return rest as unknown as Json;
          } catch (e) {
            throw renamed(e, 'SQS');
          }
        };
      } else {
        throw new Error(`No local integration for ${name} (${r}); add one here before using it in the state machine`);
      }
    }
    return out;
  }
}

/** What `$$.Task.Token` reads locally; each callback task replaces it with a token of its own. */
const TASK_TOKEN_PLACEHOLDER = 'local-task-token';

/** Step Functions names service errors `<Service>.<ErrorName>`, which is what the definition catches. */
function renamed(e: unknown, service: string): Error {
  const err = new Error(e instanceof Error ? e.message : String(e));
  err.name = `${service}.${e instanceof Error ? e.name : 'Error'}`;
  return err;
}

/** The local-only resource a scaled `SecondsPath` Wait becomes (the library reads such a Wait in whole seconds). */
const SCALED_WAIT = 'arn:aws:states:::local:scaled-wait';

interface RetrierDef {
  IntervalSeconds?: number;
  MaxDelaySeconds?: number;
}

/**
 * The definition with its time divided by `scale`: retriers keep their back-off rate, attempts and jitter
 * (the library applies them) on scaled intervals and caps; a Wait of `Seconds` waits a scaled time, and a
 * Wait of `SecondsPath` becomes a local task that reads the seconds and sleeps them scaled.
 */
export function scaledDefinition(
  asl: StateMachineDefinition,
  scale: number,
  what: { waits: boolean; retries: boolean },
): StateMachineDefinition {
  const states: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(asl.States)) {
    const state = { ...(raw as unknown as Record<string, unknown>) };
    if (what.retries && Array.isArray(state.Retry)) {
      state.Retry = (state.Retry as RetrierDef[]).map((r) => ({
        ...r,
        IntervalSeconds: (r.IntervalSeconds ?? 1) / scale,
        ...(r.MaxDelaySeconds !== undefined ? { MaxDelaySeconds: r.MaxDelaySeconds / scale } : {}),
      }));
    }
    if (what.waits && state.Type === 'Wait' && typeof state.Seconds === 'number') state.Seconds /= scale;
    // A callback task's timeout is a wait too (the install watch's), run at the same scale as its looks.
    if (
      what.waits &&
      typeof state.Resource === 'string' &&
      state.Resource.endsWith('.waitForTaskToken') &&
      typeof state.TimeoutSeconds === 'number'
    )
      state.TimeoutSeconds /= scale;
    if (what.waits && state.Type === 'Wait' && typeof state.SecondsPath === 'string') {
      const path = state.SecondsPath;
      delete state.SecondsPath;
      state.Type = 'Task';
      state.Resource = SCALED_WAIT;
      state.ResultPath = null;
      state.Comment = JSON.stringify({ path, scale });
    }
    states[name] = state;
  }
  return { ...asl, States: states } as unknown as StateMachineDefinition;
}

/** `$.a.b` of a state's input (the only JSONPath form a Wait of this definition uses). */
function readPath(input: unknown, path: string): unknown {
  let v: unknown = input;
  for (const part of path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter((p) => p !== '')) {
    v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  }
  return v;
}
