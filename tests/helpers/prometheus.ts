/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: it throws on
 * any line that is not a comment, a `# HELP`/`# TYPE` line or a well-formed sample, on a sample whose
 * family has no `# TYPE` before it, on a family typed twice, and on a histogram whose buckets are not
 * cumulative or whose `+Inf` bucket differs from its `_count`.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help?: string;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = '[a-zA-Z_][a-zA-Z0-9_]*';
// Prometheus reads values with Go's strconv.ParseFloat, where Inf and NaN are case-insensitive (prom-client
// writes NaN as `Nan`).
const VALUE = '(?:[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?|[+-]?[Ii][Nn][Ff]|[Nn][Aa][Nn])';
const LABEL_PAIR = `${LABEL}="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
const SAMPLE = new RegExp(`^(${NAME})(?:\\{((?:${LABEL_PAIR})(?:,${LABEL_PAIR})*,?)?\\})? (${VALUE})(?: -?\\d+)?$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const HELP = new RegExp(`^# HELP (${NAME}) (.*)$`);
const PAIR = new RegExp(`(${LABEL})="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`, 'g');

const unescapeLabel = (v: string) => v.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
const number = (v: string) =>
  /inf$/i.test(v) ? (v.startsWith('-') ? -Infinity : Infinity) : /^nan$/i.test(v) ? Number.NaN : Number(v);

/** The family a sample belongs to: histogram and summary samples carry a suffix. */
function familyOf(name: string, families: Map<string, Family>): Family | undefined {
  const exact = families.get(name);
  if (exact) return exact;
  const m = /^(.*)_(bucket|sum|count)$/.exec(name);
  const f = m ? families.get(m[1]) : undefined;
  if (f && (f.type === 'histogram' || (f.type === 'summary' && m?.[2] !== 'bucket'))) return f;
  return undefined;
}

export function parsePrometheus(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const helps = new Map<string, string>();
  if (text.length && !text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  text.split('\n').forEach((line, i) => {
    const where = `line ${i + 1}: ${JSON.stringify(line)}`;
    if (line === '') return;
    let m: RegExpExecArray | null;
    if ((m = TYPE.exec(line))) {
      if (families.has(m[1])) throw new Error(`${where}: ${m[1]} typed twice`);
      families.set(m[1], { name: m[1], type: m[2] as Family['type'], help: helps.get(m[1]), samples: [] });
      return;
    }
    if ((m = HELP.exec(line))) {
      helps.set(m[1], m[2]);
      return;
    }
    if (line.startsWith('#')) {
      if (/^# (TYPE|HELP)\b/.test(line)) throw new Error(`${where}: malformed ${line.slice(2, 6)} line`);
      return;
    }
    if (!(m = SAMPLE.exec(line))) throw new Error(`${where}: not a sample line`);
    const family = familyOf(m[1], families);
    if (!family) throw new Error(`${where}: sample without a # TYPE line before it`);
    const labels: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(PAIR)) {
      if (pair[1] in labels) throw new Error(`${where}: label ${pair[1]} twice`);
      labels[pair[1]] = unescapeLabel(pair[2]);
    }
    family.samples.push({ name: m[1], labels, value: number(m[3]) });
  });
  for (const f of families.values()) if (f.type === 'histogram') checkHistogram(f);
  return families;
}

function checkHistogram(f: Family) {
  const key = (labels: Record<string, string>) =>
    JSON.stringify(
      Object.entries(labels)
        .filter(([k]) => k !== 'le')
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const s of f.samples) {
    const k = key(s.labels);
    const entry = series.get(k) ?? { buckets: [] };
    series.set(k, entry);
    if (s.name === `${f.name}_bucket`) {
      if (s.labels.le === undefined) throw new Error(`${f.name}: bucket without le`);
      entry.buckets.push([number(s.labels.le), s.value]);
    } else if (s.name === `${f.name}_count`) entry.count = s.value;
  }
  for (const [k, { buckets, count }] of series) {
    const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < sorted.length; i++)
      if (sorted[i][1] < sorted[i - 1][1]) throw new Error(`${f.name}${k}: buckets not cumulative`);
    const inf = sorted.at(-1);
    if (!inf || inf[0] !== Infinity) throw new Error(`${f.name}${k}: no +Inf bucket`);
    if (inf[1] !== count) throw new Error(`${f.name}${k}: +Inf bucket ${inf[1]} ≠ count ${count}`);
  }
}

/** The value of the one sample of `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const family = familyOf(name, families);
  const matches = (family?.samples ?? []).filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  if (matches.length > 1) throw new Error(`${name} ${JSON.stringify(labels)}: ${matches.length} samples`);
  return matches[0]?.value;
}
