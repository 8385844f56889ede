import type { TargetName } from '../lib/target.ts';

/** One measured run of one scenario against one target: raw numbers for BENCHMARKS.md. */
export interface RunRow {
  scenario: string;
  /** Scenario variant, e.g. "100 observers". */
  variant: string;
  target: TargetName | string;
  round: number;
  metrics: Record<string, number>;
  /** False when the generator exceeded the utilisation limit or the run could not complete. */
  valid: boolean;
  note?: string;
}

export interface ScenarioContext {
  full: boolean;
  /** Which targets are runnable in this checkout (ours only once its sync plugin exists). */
  targets: TargetName[];
  log(line: string): void;
}
