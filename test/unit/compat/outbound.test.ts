import { request } from 'node:http';
import { compareOutbound, mockBaseUrls, OutboundMock, type RecordedRequest } from '../../compat/outbound';
import type { Scenario } from '../../compat/scenario';

const rec = (url: string, body: unknown, status = 200): RecordedRequest => ({ method: 'POST', url, json_body: body, response_status: status, headers: {} });

function post(url: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('compat outbound_expect comparison', () => {
  const a = { method: 'POST', url: 'http://m:1/a', json_body: { id: 'x' }, response_status: 200 };
  const b = { method: 'POST', url: 'http://m:1/b', json_body: { id: 'y' }, response_status: 500 };

  it('in order', () => {
    expect(compareOutbound([a, b], [rec('http://m:1/a', { id: 'x' }), rec('http://m:1/b', { id: 'y' }, 500)])).toEqual([]);
    expect(compareOutbound([a, b], [rec('http://m:1/b', { id: 'y' }, 500), rec('http://m:1/a', { id: 'x' })])).toHaveLength(2);
    expect(compareOutbound([a], [])).toEqual([expect.stringMatching(/request #1 missing/)]);
    expect(compareOutbound([], [rec('http://m:1/a', {})])).toEqual([expect.stringMatching(/unexpected request #1/)]);
    expect(compareOutbound([a], [rec('http://m:1/a', { id: 'x' }, 500)])).toHaveLength(1);
  });

  it('in any order, as a multiset', () => {
    const got = [rec('http://m:1/b', { id: 'y' }, 500), rec('http://m:1/a', { id: 'x' })];
    expect(compareOutbound({ order: 'any', requests: [a, b] }, got)).toEqual([]);
    expect(compareOutbound({ order: 'any', requests: [a, a, b] }, got)).toEqual([expect.stringMatching(/missing request/)]);
    expect(compareOutbound({ order: 'any', requests: [b] }, got)).toEqual([expect.stringMatching(/unexpected request/)]);
  });
});

describe('compat outbound mock', () => {
  const scenario = {
    id: 'M-1',
    title: '',
    settings: { outbound: { t: { destination: { base_url: 'http://outbound-mock:9999', path: '/ok' } } } },
    fixtures: [],
    input: [],
    expect: [],
    http_mock: { base_url: 'http://outbound-mock:9999', routes: { '/ok': { status: 200 }, '/bad': { status: 500 } } },
  } as Scenario;

  it('knows the base URLs from the mocks, else from the outbound settings', () => {
    expect(mockBaseUrls(scenario)).toEqual(['http://outbound-mock:9999']);
    expect(mockBaseUrls({ ...scenario, http_mock: undefined })).toEqual(['http://outbound-mock:9999']);
  });

  it('serves routes, records requests under the original base URL, refuses connections when down', async () => {
    const mock = new OutboundMock(mockBaseUrls(scenario));
    try {
      await mock.start();
      await mock.apply(scenario.http_mock);
      const settings = mock.rewrite(scenario.settings);
      const url = `${settings.outbound.t.destination.base_url}`;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await post(`${url}/ok`, { id: 1 })).toBe(200);
      expect(await post(`${url}/bad`, { id: 2 })).toBe(500);
      expect(await post(`${url}/other`, { id: 3 })).toBe(404);
      expect(mock.requests.map((r) => [r.url, r.json_body, r.response_status])).toEqual([
        ['http://outbound-mock:9999/ok', { id: 1 }, 200],
        ['http://outbound-mock:9999/bad', { id: 2 }, 500],
        ['http://outbound-mock:9999/other', { id: 3 }, 404],
      ]);
      await mock.apply('all connections refused');
      await expect(post(`${url}/ok`, {})).rejects.toThrow(/ECONNREFUSED/);
      await mock.apply({ base_url: 'http://outbound-mock:9999', routes: { '/ok': { status: 201 } } });
      expect(await post(`${url}/ok`, {})).toBe(201);
      expect(mock.requests).toHaveLength(4);
    } finally {
      await mock.stop();
    }
  });
});
