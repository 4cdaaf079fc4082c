/**
 * Which mutating webhooks get a second call in one admission (upstream's webhookReinvokeContext):
 * a webhook with reinvocationPolicy IfNeeded is called again when a webhook after it changed the
 * object. There is at most one extra round.
 */
export class ReinvocationState {
  private readonly reinvoke = new Set<string>();
  private previouslyInvoked = new Set<string>();
  /** Set once some webhook changed the object: a second round is due. */
  shouldReinvoke = false;

  /** Records a call of the webhook `uid`: whether it changed the object, and whether it may be called again. */
  recordCall(uid: string, changed: boolean, reinvocable: boolean): void {
    if (changed) {
      for (const earlier of this.previouslyInvoked) this.reinvoke.add(earlier);
      this.previouslyInvoked = new Set();
      this.shouldReinvoke = true;
    }
    if (reinvocable) this.previouslyInvoked.add(uid);
  }

  /** True when the webhook `uid` is due a call in the second round. */
  isDue(uid: string): boolean {
    return this.reinvoke.has(uid);
  }
}
