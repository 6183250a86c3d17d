/** Test fixtures for engine integration tests: fresh databases on the test server, an engine on a manual clock. */
import { connect, type Couch } from '../../lib/couch/client';
import { createEngine, type VigilEngine } from '../../lib/engine';
import { createLogger } from '../../lib/log';
import { ManualClock } from '../../lib/time/clock';
import type { Settings, Transition } from '../../lib/types';
import { getTestCouch, type TestCouch } from './couch';

export const BASE_SETTINGS: Settings = {
  locale: 'en',
  contact_types: [
    { id: 'district_hospital' },
    { id: 'health_center', parents: ['district_hospital'] },
    { id: 'clinic', parents: ['health_center'] },
    { id: 'person', parents: ['district_hospital', 'health_center', 'clinic'], person: true },
  ],
};

export interface EngineFixture {
  server: TestCouch;
  couch: Couch;
  clock: ManualClock;
  engine: VigilEngine;
  newEngine(opts?: { transitions?: Transition[]; concurrency?: number; batchSize?: number }): VigilEngine;
  cleanup(): Promise<void>;
}

export async function engineFixture(settings: Settings, opts: { transitions?: Transition[]; now?: string; docs?: any[] } = {}): Promise<EngineFixture> {
  const server = await getTestCouch();
  const name = server.uniqueDbName('engine');
  await server.createDb(name);
  await server.createDb(`${name}-sentinel`);
  const couch = connect(server.url, name);
  await couch.medic.insert({ _id: 'settings', settings: { ...BASE_SETTINGS, ...settings } } as any);
  if (opts.docs?.length) await couch.medic.bulk({ docs: opts.docs });
  const clock = new ManualClock(Date.parse(opts.now ?? '2025-03-05T10:00:00.000Z'), 'UTC');
  const newEngine = (o: { transitions?: Transition[]; concurrency?: number; batchSize?: number } = {}) =>
    createEngine({ couch, clock, logger: createLogger({ silent: true }), transitions: o.transitions ?? opts.transitions, concurrency: o.concurrency, batchSize: o.batchSize });
  const engine = newEngine();
  await engine.init();
  await engine.markCaughtUp();
  return {
    server,
    couch,
    clock,
    engine,
    newEngine,
    cleanup: async () => {
      await server.destroyDb(name);
      await server.destroyDb(`${name}-sentinel`);
    },
  };
}
