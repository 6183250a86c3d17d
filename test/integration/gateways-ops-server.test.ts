/** The gateways mounted on vigil's ops server, the way `vigil run` wires them. */
import { engineFixture, type EngineFixture } from '../helpers/engine';
import { startOpsServer, type OpsServer } from '../../lib/http/ops-server';
import { createMetrics } from '../../lib/metrics';
import { createLogger } from '../../lib/log';
import { mountGateways, type Gateways } from '../../gateways';
import { basic, post, reportWithPendingReply } from '../unit/gateways/fakes/gateway-harness';

describe('gateways on the ops server', () => {
  let f: EngineFixture;
  let ops: OpsServer;
  let gateways: Gateways;

  afterEach(async () => {
    await gateways?.stop();
    await ops?.close();
    if (f) await f.cleanup();
  });
  afterAll(async () => f && (await f.server.stop()));

  it('serves /api/sms beside /healthz, behind auth, and stops cleanly', async () => {
    f = await engineFixture({}, { docs: [reportWithPendingReply('r1', 'u1')] });
    const logger = createLogger({ silent: true });
    ops = await startOpsServer({ port: 0, metrics: createMetrics(), health: () => f.engine.health(), logger });
    gateways = await mountGateways(ops.app, { couch: f.couch, config: () => f.engine.config, logger, env: { VIGIL_GATEWAY_PASSWORD: 'pw' } });
    gateways.start();
    const base = `http://127.0.0.1:${ops.port}`;

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/api/sms`)).status).toBe(401);
    const res = await post(`${base}/api/sms`, {}, { headers: { authorization: basic('gateway', 'pw') } });
    expect(res.body).toEqual({ messages: [{ id: 'u1', to: '+254711000002', content: 'Thank you' }] });
    expect((await fetch(`${base}/api/nothing-here`)).status).toBe(404);
  });
});
