import type { Protocol } from './target.ts';

/** One client of a generator process. `observer`: times receipt only; `light-writer`: edits and observes. */
export interface ClientSpec {
  kind: 'observer' | 'light-writer' | 'provider-writer' | 'sync-probe';
  url: string;
  doc: string;
  id: string;
}

export interface WorkerLoad {
  /** Event-loop utilisation (0..1) over the measured window. */
  elu: number;
  delayP50: number;
  delayP99: number;
  delayMax: number;
}

export type ToWorker =
  | { type: 'setup'; protocol: Protocol; clients: ClientSpec[]; concurrency: number; timeoutMs: number; openAt?: number }
  | { type: 'start'; at: number; durationMs: number; editsPerSec: number; awarenessHz: number }
  | { type: 'progress' }
  | { type: 'finish' }
  | { type: 'close' };

export interface ObserverResult {
  id: string;
  doc: string;
  received: number;
  ownEchoes: number;
  duplicates: number;
  closed: boolean;
  awareness: number;
}

export type FromWorker =
  | { type: 'hello' }
  | { type: 'progress'; sent: number; received: number; expected: number }
  | { type: 'ready'; errors: string[]; syncMs: number[]; syncBytes: number[]; load?: WorkerLoad }
  | {
      type: 'result';
      latencies: Float64Array;
      /** Edit-to-durable-acknowledgement times of writers connected with `?ack=1` (ours only). */
      ackLatencies: Float64Array;
      writers: { id: string; doc: string; sent: number }[];
      observers: ObserverResult[];
      load: WorkerLoad;
    }
  | { type: 'error'; message: string };
