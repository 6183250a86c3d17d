/**
 * Shortcodes handed out by this process but maybe not committed yet. Several reports of one batch are
 * processed concurrently and `docs_by_shortcode` only sees committed docs, so without this two of them
 * could get the same id. Bounded (oldest forgotten first): once committed, the view knows the id anyway.
 */
export class ShortcodeReservations {
  private readonly codes = new Set<string>();

  constructor(readonly max = 10_000) {}

  has(code: string): boolean {
    return this.codes.has(code);
  }

  add(code: string): void {
    this.codes.add(code);
    while (this.codes.size > this.max) {
      const oldest = this.codes.values().next().value as string;
      this.codes.delete(oldest);
    }
  }

  get size(): number {
    return this.codes.size;
  }
}
