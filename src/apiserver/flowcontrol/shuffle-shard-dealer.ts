import { createHash } from 'node:crypto';

/**
 * Shuffle sharding: deals a hand of distinct queue indexes ("cards") from a deck, driven by a
 * flow's hash. Flows rarely share a whole hand, so one heavy flow crowds only its own queues.
 * The deal consumes the hash as a mixed-radix number, as upstream's Dealer does, so a flow gets
 * the same hand here as there.
 */
export class ShuffleShardDealer {
  constructor(
    readonly deckSize: number,
    readonly handSize: number,
  ) {
    if (deckSize <= 0 || handSize <= 0 || handSize > deckSize)
      throw new Error(`cannot deal hands of ${handSize} from a deck of ${deckSize}`);
  }

  /** The hand for `hash`: handSize distinct indexes below deckSize. */
  deal(hash: bigint): number[] {
    const remainders: number[] = [];
    let value = hash;
    for (let i = 0; i < this.handSize; i++) {
      const radix = BigInt(this.deckSize - i);
      remainders.push(Number(value % radix));
      value /= radix;
    }
    // Each remainder indexes the cards not dealt yet; shift it past the cards already dealt.
    return remainders.map((r, i) => {
      let card = r;
      for (let j = i; j > 0; j--) if (card >= remainders[j - 1]!) card++;
      return card;
    });
  }
}

/** The flow's hash: the first 8 bytes, little-endian, of SHA-256 over "<schema>\0<distinguisher>". */
export function flowHash(flowSchemaName: string, distinguisher: string): bigint {
  const digest = createHash('sha256').update(flowSchemaName).update('\0').update(distinguisher).digest();
  return digest.readBigUInt64LE(0);
}
