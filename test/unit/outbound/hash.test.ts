/** payloadHash / canonicalPayload: CHT's persisted payload hash, pinned byte for byte. */
import { createHash } from 'node:crypto';
import { canonicalPayload, payloadHash } from '../../../lib/outbound/hash';

// Expected hashes were computed independently (`printf '%s' '<canonical>' | sha256sum`).
const VECTORS: Array<[string, unknown, string, string]> = [
  ['flat object, sorted keys', { rev: '1-x', id: 'a' }, '{"id":"a","rev":"1-x"}', 'f59d61113362d4a5427297c8f436f5accb48f4b358626d3d7770c284d5e327ef'],
  [
    'nested objects sorted, objects inside arrays keep their key order',
    { b: 1, a: { d: [{ z: 1, a: 2 }], c: null } },
    '{"a":{"c":null,"d":[{"z":1,"a":2}]},"b":1}',
    'd9b2450c23f1235c3a7b66ae1ac1cc23ed834427656e48d437157696d36ee059',
  ],
  ['keys written without JSON escaping, values escaped', { é: 1, 'we"ird': 'x"y' }, '{"we"ird":"x\\"y","é":1}', '70025228d7721f0544986631fabaaf02dce24e9687ac9dfd6211ccb916dae489'],
  ['JSON round-trip: undefined dropped, dates as strings', { a: undefined, d: new Date(0) }, '{"d":"1970-01-01T00:00:00.000Z"}', 'c233105f936ae01e2b392f80208e7a675437e26036470b56ebeaff7446e3e7eb'],
  ['default JS sort (code units, digits as text)', { a: 4, B: 3, 2: 2, 10: 1 }, '{"10":1,"2":2,"B":3,"a":4}', '5d62a0c4b2cd78264e7690bf823f2b9eb9179468cd9b5081ec6a0675a25f5911'],
  ['empty object', {}, '{}', '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'],
];

describe('canonicalPayload', () => {
  it.each(VECTORS)('%s', (_title, payload, canonical) => {
    expect(canonicalPayload(payload)).toBe(canonical);
  });
});

describe('payloadHash', () => {
  it.each(VECTORS)('%s', (_title, payload, _canonical, hash) => {
    expect(payloadHash(payload)).toBe(hash);
  });

  it('is the sha256 hex of the canonical string', () => {
    const payload = { x: [1, 'two', { b: true, a: null }], y: { n: -1.5 } };
    expect(payloadHash(payload)).toBe(createHash('sha256').update(canonicalPayload(payload)).digest('hex'));
  });

  it('does not depend on the key order of objects (outside arrays)', () => {
    expect(payloadHash({ a: 1, b: { c: 2, d: 3 } })).toBe(payloadHash({ b: { d: 3, c: 2 }, a: 1 }));
    expect(payloadHash({ l: [{ c: 2, d: 3 }] })).not.toBe(payloadHash({ l: [{ d: 3, c: 2 }] }));
  });
});
