/** A progress line on stderr: redrawn in place on a terminal, a line per 10 % otherwise (CI logs). */
export class ProgressBar {
  private done = 0;
  private failed = 0;
  private lastDraw = 0;
  private lastDecile = -1;
  private readonly started = performance.now();

  constructor(
    private readonly stream: { write(chunk: string): unknown; isTTY?: boolean },
    private readonly total: number,
    private readonly label: string,
  ) {}

  tick(failed: boolean): void {
    this.done++;
    if (failed) this.failed++;
    const now = performance.now();
    if (this.stream.isTTY === true) {
      if (now - this.lastDraw >= 100 || this.done === this.total) {
        this.lastDraw = now;
        this.stream.write(`\r${this.render()}`);
      }
      return;
    }
    const decile = this.total === 0 ? 10 : Math.floor((this.done / this.total) * 10);
    if (decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.stream.write(`${this.render()}\n`);
    }
  }

  finish(): void {
    if (this.stream.isTTY === true) this.stream.write(`\r${this.render()}\n`);
  }

  render(): string {
    const fraction = this.total === 0 ? 1 : Math.min(1, this.done / this.total);
    const width = 24;
    const filled = Math.round(fraction * width);
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(this.done / seconds) : 0;
    return `${this.label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${Math.round(fraction * 100)}% ${this.done}/${this.total} · ${rate}/s${this.failed > 0 ? ` · ${this.failed} failed` : ""}`;
  }
}
