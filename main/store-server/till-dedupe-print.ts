// What `till dedupe` found or merged, in words.
import type { DuplicateTill } from './till-dedupe';

export function printDuplicates(found: readonly DuplicateTill[], applied: boolean): void {
  if (found.length === 0) {
    console.log('No till is counted twice.');
    return;
  }
  for (const d of found) {
    const what = !d.mergeable
      ? 'NOT merged: the two tills are in different stores'
      : applied
        ? 'merged'
        : 'would be merged';
    console.log(
      `${d.storeName}: "${d.dropName}" (${d.dropTillId}) is "${d.keepName}" (${d.keepTillId}) again, ${d.sharedAttempts} payment(s) in both: ${what}`,
    );
  }
  if (!applied && found.some((d) => d.mergeable))
    console.log('Dry run: nothing changed. Run again with --apply to merge.');
}
