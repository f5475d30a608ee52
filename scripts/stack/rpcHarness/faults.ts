/**
 * Faults the harness injects, switchable at run time (library API or control endpoint).
 *
 * A rule applies to an HTTP request when one of its JSON-RPC calls has one of the rule's
 * `methods` (all methods when unset); the first matching rule wins. `times` limits how many
 * requests it affects (then it is removed); without it the rule stays until removed.
 *
 * - `delay`: wait `ms` before forwarding (the node sees the call late).
 * - `stall`: forward at once, hold the reply for `ms` (the node has executed the call).
 * - `drop`: forward, then lose the reply: `reset` the connection (default) or `hang` with no
 *   answer until the client gives up. The node has executed the call.
 * - `truncate`: forward, then send only the first `bytes` bytes of the reply (default half).
 * - `throttle`: answer HTTP 429 with `Retry-After: retryAfterSeconds` (default 1) without forwarding.
 */
export type FaultKind = "delay" | "stall" | "drop" | "truncate" | "throttle";

export interface FaultRule {
  kind: FaultKind;
  /** JSON-RPC methods the rule applies to; every method when unset. */
  methods?: string[];
  /** delay, stall: milliseconds. */
  ms?: number;
  /** drop: how the reply is lost. */
  drop?: "reset" | "hang";
  /** truncate: bytes of the reply that are sent. */
  bytes?: number;
  /** throttle: the Retry-After header, in seconds. */
  retryAfterSeconds?: number;
  /** Requests the rule affects before it is removed; unlimited when unset. */
  times?: number;
}

export interface ActiveFault extends FaultRule {
  id: number;
  /** Requests affected so far. */
  hits: number;
}

const KINDS = new Set<FaultKind>(["delay", "stall", "drop", "truncate", "throttle"]);

/** Checks a rule that came from outside (the control endpoint). */
export function parseFaultRule(value: unknown): FaultRule {
  const rule = value as FaultRule;
  if (typeof rule !== "object" || rule === null || !KINDS.has(rule.kind)) {
    throw new TypeError(`a fault rule needs "kind": one of ${[...KINDS].join(", ")}`);
  }
  if (rule.methods !== undefined && !(Array.isArray(rule.methods) && rule.methods.every((m) => typeof m === "string"))) {
    throw new TypeError(`"methods" is a list of JSON-RPC method names`);
  }
  for (const key of ["ms", "bytes", "retryAfterSeconds", "times"] as const) {
    const n = rule[key];
    const least = key === "times" ? 1 : 0;
    if (n !== undefined && !(Number.isInteger(n) && n >= least)) throw new TypeError(`"${key}" is a whole number ≥ ${least}`);
  }
  if (rule.drop !== undefined && rule.drop !== "reset" && rule.drop !== "hang") throw new TypeError(`"drop" is "reset" or "hang"`);
  return rule;
}

export class FaultBook {
  private rules: ActiveFault[] = [];
  private nextId = 1;

  add(rule: FaultRule): number {
    const id = this.nextId++;
    this.rules.push({ ...parseFaultRule(rule), id, hits: 0 });
    return id;
  }

  remove(id: number): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length < before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): ActiveFault[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** The rule for a request with these methods, counted as applied (and removed when used up). */
  take(methods: string[]): ActiveFault | undefined {
    const rule = this.rules.find((r) => r.methods === undefined || methods.some((m) => r.methods!.includes(m)));
    if (rule === undefined) return undefined;
    rule.hits += 1;
    if (rule.times !== undefined && rule.hits >= rule.times) this.remove(rule.id);
    return { ...rule };
  }
}
