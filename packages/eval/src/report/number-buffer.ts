/** A growable Float64Array: 8 bytes a value, so 100,000 latencies take 800 KB, not an object each. */
export class NumberBuffer {
  private values = new Float64Array(64);
  private size = 0;

  push(value: number): void {
    if (this.size === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.size] = value;
    this.size += 1;
  }

  get length(): number {
    return this.size;
  }

  view(): Float64Array {
    return this.values.subarray(0, this.size);
  }
}
