// Collects model-input rows and evaluates them in large batches, adding each output to
// the accumulator slot the row was tagged with. One predict call per chunk keeps the
// per-call overhead of an ensemble (packing, member loops) negligible.

/** A model as a batch function: one output per input row. */
export type BatchModel = (points: readonly Float64Array[]) => ArrayLike<number>;

/** Default largest number of rows per model call. */
export const DEFAULT_MAX_ROWS_PER_CALL = 100_000;

export class RowBatcher {
  private readonly buffer: Float64Array;
  private readonly views: Float64Array[];
  private readonly slots: Int32Array;
  private count = 0;
  /** Model calls made so far. */
  calls = 0;

  constructor(
    private readonly model: BatchModel,
    dimension: number,
    private readonly sums: Float64Array,
    maxRowsPerCall = DEFAULT_MAX_ROWS_PER_CALL,
  ) {
    if (!Number.isInteger(maxRowsPerCall) || maxRowsPerCall < 1) throw new Error(`maxRowsPerCall must be a positive integer, got ${maxRowsPerCall}`);
    this.buffer = new Float64Array(maxRowsPerCall * dimension);
    this.views = Array.from({ length: maxRowsPerCall }, (_, i) => this.buffer.subarray(i * dimension, (i + 1) * dimension));
    this.slots = new Int32Array(maxRowsPerCall);
  }

  /** The next row to fill in; its model output will be added to sums[slot]. Valid until the next call. */
  row(slot: number): Float64Array {
    if (this.count === this.views.length) this.flush();
    this.slots[this.count] = slot;
    return this.views[this.count++];
  }

  /** Evaluate the pending rows (the buffer is reused afterwards, so a model must not keep the rows). */
  flush(): void {
    if (this.count === 0) return;
    const outputs = this.model(this.count === this.views.length ? this.views : this.views.slice(0, this.count));
    if (outputs.length !== this.count) throw new Error(`model returned ${outputs.length} outputs for ${this.count} rows`);
    for (let i = 0; i < this.count; i++) this.sums[this.slots[i]] += outputs[i];
    this.calls++;
    this.count = 0;
  }
}
