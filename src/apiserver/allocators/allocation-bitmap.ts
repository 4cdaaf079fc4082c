/**
 * One bit per allocatable item of a range (offset 0 is the range's first usable item).
 *
 * The serialised form is the same bytes upstream stores in RangeAllocation.data (Go's
 * big.Int.Bytes(): the bitmap read as one unsigned integer, bit i = offset i, big-endian, without
 * leading zero bytes), so a k8ts range document reads the same as upstream's.
 */
export class AllocationBitmap {
  /** Little-endian by offset: offset i lives in bits[i >> 3], bit (i & 7). */
  private readonly bits: Uint8Array;
  private used = 0;

  /** An empty bitmap for `size` items (a negative size is treated as 0). */
  constructor(readonly size: number) {
    this.size = Math.max(0, Math.floor(size));
    this.bits = new Uint8Array(Math.ceil(this.size / 8));
  }

  /** Decodes upstream's big-endian integer bytes; bits at or beyond `size` are dropped. */
  static fromBytes(size: number, bigEndian: Uint8Array): AllocationBitmap {
    const bitmap = new AllocationBitmap(size);
    const n = bigEndian.length;
    for (let j = 0; j < n && j < bitmap.bits.length; j++) bitmap.bits[j] = bigEndian[n - 1 - j]!;
    bitmap.dropBeyondSize();
    bitmap.used = countBits(bitmap.bits);
    return bitmap;
  }

  /** Number of set bits. */
  get count(): number {
    return this.used;
  }

  /** Number of clear bits. */
  get free(): number {
    return this.size - this.used;
  }

  /** True when `offset` is inside the bitmap and set. */
  has(offset: number): boolean {
    if (!this.inBounds(offset)) return false;
    return (this.bits[offset >> 3]! & (1 << (offset & 7))) !== 0;
  }

  /** Sets `offset`; false when it was already set. Throws RangeError outside the bitmap. */
  set(offset: number): boolean {
    this.assertInBounds(offset);
    if (this.has(offset)) return false;
    this.bits[offset >> 3]! |= 1 << (offset & 7);
    this.used++;
    return true;
  }

  /** Clears `offset`; false when it was not set (or lies outside the bitmap). */
  clear(offset: number): boolean {
    if (!this.has(offset)) return false;
    this.bits[offset >> 3]! &= ~(1 << (offset & 7));
    this.used--;
    return true;
  }

  /** The set offsets in ascending order. */
  *offsets(): Generator<number> {
    for (let byte = 0; byte < this.bits.length; byte++) {
      const value = this.bits[byte]!;
      if (value === 0) continue;
      for (let bit = 0; bit < 8; bit++) if (value & (1 << bit)) yield byte * 8 + bit;
    }
  }

  /** True when both bitmaps have the same size and the same bits set. */
  equals(other: AllocationBitmap): boolean {
    if (other.size !== this.size || other.used !== this.used) return false;
    for (let i = 0; i < this.bits.length; i++) if (this.bits[i] !== other.bits[i]) return false;
    return true;
  }

  /** An independent copy. */
  clone(): AllocationBitmap {
    const copy = new AllocationBitmap(this.size);
    copy.bits.set(this.bits);
    copy.used = this.used;
    return copy;
  }

  /** Upstream's encoding: big-endian integer bytes without leading zeros (empty when nothing is set). */
  toBytes(): Uint8Array {
    let top = this.bits.length;
    while (top > 0 && this.bits[top - 1] === 0) top--;
    const out = new Uint8Array(top);
    for (let j = 0; j < top; j++) out[top - 1 - j] = this.bits[j]!;
    return out;
  }

  private inBounds(offset: number): boolean {
    return Number.isInteger(offset) && offset >= 0 && offset < this.size;
  }

  private assertInBounds(offset: number): void {
    if (!this.inBounds(offset)) throw new RangeError(`offset ${offset} is outside a bitmap of ${this.size}`);
  }

  private dropBeyondSize(): void {
    const spare = this.bits.length * 8 - this.size;
    if (spare > 0) this.bits[this.bits.length - 1]! &= 0xff >> spare;
  }
}

function countBits(bytes: Uint8Array): number {
  let total = 0;
  for (const byte of bytes) {
    let v = byte;
    while (v !== 0) {
      v &= v - 1;
      total++;
    }
  }
  return total;
}
