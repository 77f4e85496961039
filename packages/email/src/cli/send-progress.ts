import type { CampaignProgress } from "../send/send-campaign.js";

/**
 * The send progress line on stderr: redrawn in place on a terminal (at most 10×/s), one line per
 * 10 % otherwise (CI logs). remaining = recipients counted up front − done in any run.
 */
export class SendProgress {
  private lastDraw = 0;
  private lastDecile = -1;

  constructor(
    private readonly stream: { write(chunk: string): unknown; isTTY?: boolean },
    private readonly total: number,
  ) {}

  update(progress: CampaignProgress, final = false): void {
    const line = this.line(progress);
    if (this.stream.isTTY === true) {
      const now = Date.now();
      if (final || now - this.lastDraw >= 100) {
        this.lastDraw = now;
        this.stream.write(`\r\u001b[2K${line}${final ? "\n" : ""}`);
      }
      return;
    }
    const done = progress.sent + progress.failed + progress.skipped + progress.suppressed;
    const decile = this.total === 0 ? 10 : Math.floor((done / this.total) * 10);
    if (final || decile !== this.lastDecile) {
      this.lastDecile = decile;
      this.stream.write(`${line}\n`);
    }
  }

  line(progress: CampaignProgress): string {
    const done = progress.sent + progress.failed + progress.skipped + progress.suppressed;
    const fraction = this.total === 0 ? 1 : Math.min(1, done / this.total);
    const width = 24;
    const filled = Math.round(fraction * width);
    const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
    return `${bar} ${(fraction * 100).toFixed(0).padStart(3)}%  sent ${progress.sent}  failed ${progress.failed}  remaining ${Math.max(0, this.total - done)}  ${progress.rate.toFixed(1)} msg/s`;
  }
}
