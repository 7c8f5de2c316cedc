/** A possible pairing of source column `source` with destination field `destination` (indices into their lists). */
export type Candidate = { source: number; destination: number; score: number; absolute: boolean };

const SAME_SCORE = 1e-9;

/**
 * Pairs columns with fields, each destination at most once and each source at most once, best pairs first (a greedy
 * assignment: a clear "Email" -> `email` is never given up to make room for a weaker pair elsewhere, which an optimal
 * total such as the Hungarian method may do). A pair below `absolute` that ties with another free choice is a guess,
 * so it is not made: "Phone" between `homePhone` and `workPhone` stays unmapped, and so does `phone` between
 * "Home Phone" and "Work Phone". Ties of exact matches go to the earlier column, then the earlier field.
 */
export function assignPairs<C extends Candidate>(candidates: readonly C[]): C[] {
  const ordered = [...candidates].sort(
    (a, b) => b.score - a.score || a.source - b.source || a.destination - b.destination,
  );
  const bySource = groupBy(ordered, (candidate) => candidate.source);
  const byDestination = groupBy(ordered, (candidate) => candidate.destination);
  const takenSources = new Set<number>();
  const takenDestinations = new Set<number>();
  const chosen: C[] = [];
  for (const candidate of ordered) {
    if (takenSources.has(candidate.source) || takenDestinations.has(candidate.destination)) continue;
    if (!candidate.absolute) {
      const tiesOnSource = (bySource.get(candidate.source) ?? []).some(
        (other) =>
          other.destination !== candidate.destination &&
          !takenDestinations.has(other.destination) &&
          Math.abs(other.score - candidate.score) < SAME_SCORE,
      );
      if (tiesOnSource) {
        takenSources.add(candidate.source);
        continue;
      }
      const tiesOnDestination = (byDestination.get(candidate.destination) ?? []).some(
        (other) =>
          other.source !== candidate.source &&
          !takenSources.has(other.source) &&
          Math.abs(other.score - candidate.score) < SAME_SCORE,
      );
      if (tiesOnDestination) {
        takenDestinations.add(candidate.destination);
        continue;
      }
    }
    takenSources.add(candidate.source);
    takenDestinations.add(candidate.destination);
    chosen.push(candidate);
  }
  return chosen;
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
