/**
 * Sends new pushes as soon as the outbox is signalled: collects the signalled doc ids and hands them to
 * `run`, at most one run at a time; ids signalled during a run go to exactly one more run after it.
 * The engine creates one per database and awaits `idle()` where it must know the pushes are done.
 */
import type { Logger } from 'winston';
import { onOutbound } from './notifier';

export class OutboundTrigger {
  private running?: Promise<void>;
  private pending = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(
    target: string,
    private readonly run: (docIds: string[]) => Promise<void>,
    private readonly logger?: Pick<Logger, 'error'>,
  ) {
    this.unsubscribe = onOutbound(target, (docId) => this.fire(docId));
  }

  /** Sends this doc's new pushes now, or right after the current run. */
  fire(docId: string): void {
    this.pending.add(docId);
    this.running ??= this.loop().finally(() => {
      this.running = undefined;
    });
  }

  private async loop(): Promise<void> {
    while (this.pending.size) {
      const docIds = [...this.pending];
      this.pending = new Set();
      try {
        await this.run(docIds);
      } catch (err) {
        this.logger?.error('sending new outbound pushes failed', { error: String((err as Error)?.message ?? err), docs: docIds.length });
      }
    }
  }

  /** Resolves once no run is in progress or pending. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops listening; a run in progress finishes (await `idle()` for it). */
  close(): void {
    this.unsubscribe();
  }
}
