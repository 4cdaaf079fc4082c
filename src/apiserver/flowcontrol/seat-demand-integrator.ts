/** Time-weighted statistics of a value over one period. */
export interface IntegratorResults {
  readonly durationSeconds: number;
  readonly average: number;
  readonly deviation: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Integrates a piecewise-constant value over time (a priority level's seat demand: seats in use
 * plus seats waiting), so the borrowing adjustment sees its average, spread and peak since the last
 * reset rather than a snapshot.
 */
export class SeatDemandIntegrator {
  private x = 0;
  private min = 0;
  private max = 0;
  private elapsed = 0;
  private integralX = 0;
  private integralXX = 0;
  private last: number;

  constructor(private readonly now: () => number) {
    this.last = now();
  }

  /** The value from now on. */
  set(x: number): void {
    this.accumulate();
    this.x = x;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  /** The statistics since the last reset; starts a new period at the current value. */
  reset(): IntegratorResults {
    this.accumulate();
    const average = this.elapsed > 0 ? this.integralX / this.elapsed : 0;
    const variance = this.elapsed > 0 ? this.integralXX / this.elapsed - average * average : 0;
    const results = {
      durationSeconds: this.elapsed,
      average,
      deviation: variance > 0 ? Math.sqrt(variance) : 0,
      min: this.min,
      max: this.max,
    };
    this.elapsed = this.integralX = this.integralXX = 0;
    this.min = this.max = this.x;
    return results;
  }

  private accumulate(): void {
    const now = this.now();
    const dt = (now - this.last) / 1000;
    this.last = now;
    this.elapsed += dt;
    this.integralX += this.x * dt;
    this.integralXX += this.x * this.x * dt;
  }
}
