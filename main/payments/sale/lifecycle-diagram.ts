/**
 * Mermaid state diagrams drawn from the lifecycle tables. docs/payments.md carries their output between
 * `<!-- lifecycle:NAME -->` markers; a unit test fails (printing the fresh block) when the two differ.
 */
import {
  ATTEMPT_START,
  ATTEMPT_TRANSITIONS,
  REFUND_START,
  REFUND_TRANSITIONS,
  SALE_START,
  SALE_TRANSITIONS,
  type Transition,
} from './lifecycle';

function diagram(start: { status: string }, table: readonly Transition<string, string>[]): string {
  const lines = ['stateDiagram-v2', `  [*] --> ${start.status}`];
  const seen = new Set<string>();
  for (const t of table) {
    for (const from of t.from) {
      const line = `  ${from} --> ${t.to}: ${t.event}`;
      if (!seen.has(line)) lines.push(line);
      seen.add(line);
    }
  }
  return lines.join('\n');
}

export const LIFECYCLE_DIAGRAMS: Record<'sale' | 'attempt' | 'refund', string> = {
  sale: diagram(SALE_START, SALE_TRANSITIONS),
  attempt: diagram(ATTEMPT_START, ATTEMPT_TRANSITIONS),
  refund: diagram(REFUND_START, REFUND_TRANSITIONS),
};
