/** One priority level in the borrowing problem: its bounds and the share it would like. */
export interface AllocationItem {
  readonly target: number;
  readonly lowerBound: number;
  readonly upperBound: number;
}

/** The smallest target considered, so a level with no demand still has a proportion. */
const minTarget = 0.001;
const epsilon = 1e-7;

/**
 * Splits `requiredSum` seats among the items: each gets fairProp × its target, clamped to its
 * bounds, with the one fairProp that makes the allocations add up (water filling). Returns the
 * allocations and fairProp; throws when the bounds cannot add up to the sum.
 */
export function allocateConcurrency(
  requiredSum: number,
  items: readonly AllocationItem[],
): { allocations: number[]; fairProp: number } {
  if (requiredSum < 0) throw new Error('negative sums are not supported');
  let lowSum = 0;
  let highSum = 0;
  let targetSum = 0;
  let lbMin = Infinity;
  let lbMax = -Infinity;
  let ubMin = Infinity;
  let ubMax = -Infinity;
  const relative = items.map((item, i) => {
    if (item.lowerBound < 0) throw new Error(`lower bound ${i} is ${item.lowerBound}, negative`);
    if (item.target < item.lowerBound) throw new Error(`target ${i} is below its lower bound`);
    if (item.upperBound < item.lowerBound) throw new Error(`upper bound ${i} is below its lower bound`);
    const target = Math.max(item.target, minTarget);
    lowSum += item.lowerBound;
    highSum += item.upperBound;
    targetSum += target;
    const lower = item.lowerBound / target;
    const upper = item.upperBound / target;
    lbMin = Math.min(lbMin, lower);
    lbMax = Math.max(lbMax, lower);
    ubMin = Math.min(ubMin, upper);
    ubMax = Math.max(ubMax, upper);
    return { target, lower, upper };
  });
  if (lowSum - requiredSum > epsilon) throw new Error(`lower bounds sum to ${lowSum}, above ${requiredSum}`);
  if (requiredSum - highSum > epsilon)
    throw new Error(`upper bounds sum to ${highSum}, below ${requiredSum}`);
  if (requiredSum === 0) return { allocations: items.map(() => 0), fairProp: 0 };
  if (lowSum - requiredSum > -epsilon)
    return { allocations: items.map((i) => i.lowerBound), fairProp: lbMin };
  if (requiredSum - highSum > -epsilon)
    return { allocations: items.map((i) => i.upperBound), fairProp: ubMax };

  let fairProp = requiredSum / targetSum;
  if (!(lbMax <= fairProp && fairProp <= ubMin)) {
    // Some bounds bind: walk the bounds in ascending proportion, tracking which items are still
    // free to grow ("sensitive"), until the free items' targets absorb what is left.
    const bounds = relative
      .flatMap((r, index) => [
        { at: r.lower, index, lower: true },
        { at: r.upper, index, lower: false },
      ])
      .sort((a, b) => a.at - b.at);
    let sumSoFar = lowSum;
    fairProp = lbMin;
    let sensitiveTargetSum = 0;
    let sensitiveCount = 0;
    let next = 0;
    while (sumSoFar < requiredSum) {
      // Take in every bound at or below the current proportion.
      let nextBound = Infinity;
      while (next < bounds.length) {
        const b = bounds[next]!;
        if (b.at > fairProp) {
          nextBound = b.at;
          break;
        }
        sensitiveTargetSum += b.lower ? relative[b.index]!.target : -relative[b.index]!.target;
        sensitiveCount += b.lower ? 1 : -1;
        next++;
      }
      if (nextBound === Infinity) throw new Error('ran out of bounds in a bound-constrained allocation');
      if (sensitiveCount === 0) {
        fairProp = nextBound;
        continue;
      }
      const nextProp = fairProp + (requiredSum - sumSoFar) / sensitiveTargetSum;
      if (nextProp <= nextBound) {
        fairProp = nextProp;
        break;
      }
      sumSoFar += (nextBound - fairProp) * sensitiveTargetSum;
      fairProp = nextBound;
    }
  }
  return {
    allocations: items.map((item, i) =>
      Math.max(item.lowerBound, Math.min(item.upperBound, fairProp * relative[i]!.target)),
    ),
    fairProp,
  };
}
