import type { Detection } from './types.js';

/**
 * Overlapping detections: the higher score wins, then the longer span, then the earlier one.
 * Sorted by start, the detections fall into clusters of mutual overlap; each cluster (small in
 * practice) is resolved greedily, so the whole is O(n log n), not O(n²) on a text full of them.
 */
export function resolveOverlaps(detections: readonly Detection[]): Detection[] {
  if (detections.length < 2) return [...detections];
  return resolveOverlapsInPlace([...detections]);
}

/** The same, sorting (and returning) the caller's own fresh array instead of a copy. */
export function resolveOverlapsInPlace(detections: Detection[]): Detection[] {
  if (detections.length < 2) return detections;
  const inOrder = sortInPlaceByStart(detections);
  // The usual case, a few detections that do not touch, needs nothing more.
  let overlap = false;
  for (let k = 1; k < inOrder.length && !overlap; k++) overlap = (inOrder[k]?.start ?? 0) < (inOrder[k - 1]?.end ?? 0);
  if (!overlap) return inOrder;
  const sorted = [...detections].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Detection[] = [];
  let cluster: Detection[] = [];
  let clusterEnd = -1;
  for (const d of sorted) {
    if (d.start >= clusterEnd && cluster.length > 0) {
      resolveCluster(cluster, kept);
      cluster = [];
    }
    cluster.push(d);
    clusterEnd = Math.max(clusterEnd, d.end);
  }
  resolveCluster(cluster, kept);
  return kept.sort((a, b) => a.start - b.start);
}

function resolveCluster(cluster: Detection[], kept: Detection[]): void {
  if (cluster.length === 1) {
    const only = cluster[0];
    if (only !== undefined) kept.push(only);
    return;
  }
  const ranked = [...cluster].sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const chosen: Detection[] = [];
  for (const d of ranked) {
    if (chosen.every((c) => d.end <= c.start || d.start >= c.end)) chosen.push(d);
  }
  kept.push(...chosen);
}

/** Insertion sort by start, then longer first, in place: cheap for the handful a message has. */
function sortInPlaceByStart(sorted: Detection[]): Detection[] {
  if (sorted.length > 16) return sorted.sort((a, b) => a.start - b.start || b.end - a.end);
  for (let k = 1; k < sorted.length; k++) {
    const d = sorted[k];
    if (d === undefined) continue;
    let j = k - 1;
    for (; j >= 0; j--) {
      const c = sorted[j];
      if (c === undefined || c.start < d.start || (c.start === d.start && c.end >= d.end)) break;
      sorted[j + 1] = c;
    }
    sorted[j + 1] = d;
  }
  return sorted;
}
