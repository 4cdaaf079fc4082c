/** The highest score a node can get from one plugin after normalizing. */
export const maxNodeScore = 100;

/**
 * Upstream's helper.DefaultNormalizeScore: scales scores so the highest becomes `maxScore`
 * (integer division, as in Go); with `reverse`, higher raw scores end up lower.
 */
export function defaultNormalizeScore(maxScore: number, reverse: boolean, scores: number[]): void {
  let maxCount = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > maxCount) maxCount = scores[i]!;
  if (maxCount === 0) {
    if (reverse) for (let i = 0; i < scores.length; i++) scores[i] = maxScore;
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    let s = Math.trunc((maxScore * scores[i]!) / maxCount);
    if (reverse) s = maxScore - s;
    scores[i] = s;
  }
}
