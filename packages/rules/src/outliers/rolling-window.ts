/**
 * The last `capacity` values of one series, kept both in arrival order (to evict the oldest) and
 * sorted (for the median and MAD). Memory is two Float64Arrays of `capacity`; push is
 * O(capacity) (binary search plus one shift), median O(1), MAD O(capacity).
 */
export class RollingWindow {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 3) throw new RangeError("window capacity must be an integer >= 3");
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(value: number): void {
    if (this.count === this.capacity) {
      const oldest = this.ring[this.head] as number;
      const at = this.lowerBound(oldest);
      this.sorted.copyWithin(at, at + 1, this.count);
      this.count -= 1;
    }
    this.ring[this.head] = value;
    this.head = (this.head + 1) % this.capacity;
    const at = this.lowerBound(value);
    this.sorted.copyWithin(at + 1, at, this.count);
    this.sorted[at] = value;
    this.count += 1;
  }

  median(): number {
    const n = this.count;
    if (n === 0) return Number.NaN;
    const mid = n >> 1;
    return n % 2 === 1
      ? (this.sorted[mid] as number)
      : ((this.sorted[mid - 1] as number) + (this.sorted[mid] as number)) / 2;
  }

  /** Median absolute deviation around `center`: merges the two sorted deviation runs either side of it. */
  mad(center = this.median()): number {
    const n = this.count;
    if (n === 0) return Number.NaN;
    const s = this.sorted;
    const split = this.lowerBound(center);
    let left = split - 1; // deviations center - s[left] grow as left falls
    let right = split; // deviations s[right] - center grow as right rises
    const want = n >> 1;
    let previous = 0;
    for (let i = 0; i <= want; i++) {
      const dl = left >= 0 ? center - (s[left] as number) : Number.POSITIVE_INFINITY;
      const dr = right < n ? (s[right] as number) - center : Number.POSITIVE_INFINITY;
      const d = dl <= dr ? dl : dr;
      if (dl <= dr) left -= 1;
      else right += 1;
      if (i === want) return n % 2 === 1 ? d : (previous + d) / 2;
      previous = d;
    }
    return Number.NaN;
  }

  private lowerBound(value: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sorted[mid] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
