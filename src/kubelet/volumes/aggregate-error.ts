// Several failures reported as one, formatted as upstream's utilerrors.NewAggregate prints them:
// a single message alone, otherwise the distinct messages in brackets joined by ", ".

/** An Error whose message is upstream's aggregate rendering of `messages`. */
export class AggregateMessageError extends Error {
  constructor(readonly messages: readonly string[]) {
    super(aggregateMessage(messages));
  }
}

/** Upstream's aggregate.Error(): one message as is, several deduplicated inside `[...]`. */
export function aggregateMessage(messages: readonly string[]): string {
  if (messages.length === 1) return messages[0]!;
  const distinct = [...new Set(messages)];
  return distinct.length === 1 ? distinct[0]! : `[${distinct.join(', ')}]`;
}

/** The message of any thrown value. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
