/**
 * Loads settings and translations and builds the ConfigSnapshot batches run with: the enabled
 * transitions (a broken section disables only the transitions that read it), a clock honouring
 * `timezone` and `synthetic_date`, the sandboxed expressions and the message services.
 */
import type { Logger } from 'winston';
import type { Couch } from './couch/client';
import { statusOf } from './couch/client';
import type { Clock, Settings, Transition, Translations } from './types';
import type { ConfigSnapshot } from './runner/snapshot';
import { clockForSettings } from './time/clock';
import { applyDefaults, settingsFromDoc } from './config/load';
import { resolveTransitions } from './config/enabled';
import { createExpressions } from './expr';
import { buildTranslations, createMessaging, DuplicateGuard, duplicateKey, DUPLICATE_WINDOW_MS } from './messages';
import { queryView } from './couch/bulk';
import { VIEWS } from './couch/views';
import { DEFAULT_EN } from './i18n/defaults-en';

export interface ConfigLoaderOptions {
  couch: Couch;
  fixedSettings?: Settings;
  baseClock: Clock;
  logger: Logger;
  implemented: Transition[];
}

export class ConfigLoader {
  current!: ConfigSnapshot;
  private version = 0;
  /** survives reloads: the duplicate-message guard counts across config versions */
  readonly duplicates = new DuplicateGuard();
  private readonly expressions = createExpressions();

  constructor(private readonly opts: ConfigLoaderOptions) {}

  /**
   * Rebuilds the duplicate-message guard from the last 30 minutes of immediate tasks, so a restart does
   * not reset CHT's loop protection (vigil fix; CHT keeps the counter in memory only).
   */
  async seedDuplicates(nowMs: number): Promise<number> {
    const res = await queryView<[unknown, unknown, unknown]>(this.opts.couch.medic, VIEWS.tasks_by_time, {
      startkey: nowMs - DUPLICATE_WINDOW_MS,
      endkey: nowMs,
    });
    const entries = res.rows
      .filter((r) => r.value && (r.value[2] === 'pending' || r.value[2] === 'duplicate'))
      .map((r) => ({ key: duplicateKey(r.value[0], r.value[1]), timestamp: Number(r.key) }));
    this.duplicates.seed(entries);
    return entries.length;
  }

  async reload(): Promise<ConfigSnapshot> {
    const raw = this.opts.fixedSettings ?? (await this.readSettingsDoc());
    const settings = applyDefaults(structuredClone(raw ?? {}));
    const translations = await this.readTranslations();
    const resolved = resolveTransitions(settings, this.opts.implemented);
    const clock = clockForSettings(settings, this.opts.baseClock);
    const messaging = createMessaging({ settings, translations, clock, duplicates: this.duplicates, logger: this.opts.logger });
    this.current = {
      version: ++this.version,
      settings,
      translations,
      transitions: resolved.enabled,
      disabled: resolved.disabled,
      unknown: resolved.unknown,
      problems: resolved.problems,
      clock,
      messaging,
      expressions: this.expressions,
    };
    for (const d of resolved.disabled) {
      if (settings.transitions?.[d.name]) {
        this.opts.logger.warn('transition disabled by configuration problems', { transition: d.name, problems: d.problems.map((p) => `${p.path}: ${p.message}`) });
      }
    }
    for (const name of resolved.unknown) this.opts.logger.warn('unknown transition in settings.transitions', { transition: name });
    this.opts.logger.info('configuration loaded', { version: this.version, enabled: resolved.enabled.map((t) => t.name) });
    return this.current;
  }

  private async readSettingsDoc(): Promise<Settings> {
    try {
      return settingsFromDoc(await this.opts.couch.medic.get('settings'));
    } catch (err) {
      if (statusOf(err) === 404) {
        this.opts.logger.warn('no settings doc in the medic database: running with empty settings');
        return {};
      }
      throw err;
    }
  }

  private async readTranslations(): Promise<Translations> {
    const res = await this.opts.couch.medic.list({ startkey: 'messages-', endkey: 'messages-\ufff0', include_docs: true });
    const translations = buildTranslations(res.rows.map((r: any) => r.doc).filter(Boolean));
    translations.en = { ...DEFAULT_EN, ...(translations.en ?? {}) };
    return translations;
  }
}
