/**
 * Ascending positions in a criterion's best-first member order, consumed one at a time by a walk.
 * peek() and next() return -1 when exhausted.
 */
export interface PositionSource {
  peek(): number;
  next(): number;
}

/** Every position 0..n-1 (no index). */
export class RangeSource implements PositionSource {
  private i = 0;
  constructor(private readonly n: number) {}
  peek(): number {
    return this.i < this.n ? this.i : -1;
  }
  next(): number {
    return this.i < this.n ? this.i++ : -1;
  }
}

/**
 * The union of a few sorted position lists, merged lazily with a small binary heap: a walk that
 * stops after a dozen offers never touches the rest of the lists. Duplicates are yielded once.
 */
export class MergedSource implements PositionSource {
  private readonly heads: Int32Array;
  private readonly heap: Int32Array;
  private size: number;
  private last = -1;
  private peeked = -2;

  constructor(private readonly lists: readonly Int32Array[]) {
    this.heads = new Int32Array(lists.length);
    this.heap = new Int32Array(lists.length);
    this.size = 0;
    lists.forEach((list, l) => {
      if (list.length > 0) this.push(l);
    });
  }

  peek(): number {
    if (this.peeked === -2) this.peeked = this.take();
    return this.peeked;
  }

  next(): number {
    const v = this.peek();
    this.peeked = -2;
    return v;
  }

  private value(l: number): number {
    return this.lists[l]![this.heads[l]!]!;
  }

  private take(): number {
    while (this.size > 0) {
      const l = this.heap[0]!;
      const v = this.value(l);
      this.heads[l]!++;
      if (this.heads[l]! < this.lists[l]!.length) this.siftDown(0);
      else {
        this.heap[0] = this.heap[--this.size]!;
        if (this.size > 0) this.siftDown(0);
      }
      if (v !== this.last) return (this.last = v);
    }
    return -1;
  }

  private push(l: number): void {
    let i = this.size++;
    this.heap[i] = l;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.value(this.heap[parent]!) <= this.value(l)) break;
      this.heap[i] = this.heap[parent]!;
      i = parent;
    }
    this.heap[i] = l;
  }

  private siftDown(i: number): void {
    const l = this.heap[i]!;
    const v = this.value(l);
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (
        child + 1 < this.size &&
        this.value(this.heap[child + 1]!) < this.value(this.heap[child]!)
      )
        child++;
      if (this.value(this.heap[child]!) >= v) break;
      this.heap[i] = this.heap[child]!;
      i = child;
    }
    this.heap[i] = l;
  }
}
