// What the sync does with one shop row's edge copy, for customers and api users alike.

/**
 * - `unchanged`: the copy already says what the shop says;
 * - `write`: the row to write, whether it is new, whether the subject's tokens are revoked and
 *   whether the copy is switched off;
 * - `skip`: the shop row is not usable (`reason`); `deactivate`: the copy that exists no longer
 *   matches a usable shop row, so it is switched off.
 */
export type CopyPlan<Row> =
  | { kind: 'unchanged'; id: number }
  | { kind: 'write'; row: Row; insert: boolean; revoke: boolean; deactivate: boolean }
  | { kind: 'skip'; id: number; reason: string; deactivate: boolean }
