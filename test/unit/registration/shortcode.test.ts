import {
  checkDigit,
  deterministicUuid,
  isValidShortcode,
  lengthOf,
  raiseLength,
  LENGTH_DOC_ID,
  RAISE_LENGTH_OP,
  ShortcodeGenerator,
  shortcodeCandidates,
  withCheckDigit,
} from '../../../lib/ids';
import { getUpdateOp } from '../../../lib/runner/update-ops';
import type { Doc } from '../../../lib/types';

/** A random source replaying the given digits, then zeros. */
const scripted = (digits: string) => {
  let i = 0;
  return () => (i < digits.length ? Number(digits[i++]) : 0);
};

function lookups(opts: { taken?: (code: string) => boolean; lengthDoc?: Doc } = {}) {
  const queried: string[][] = [];
  return {
    queried,
    async getDoc(id: string) {
      return id === LENGTH_DOC_ID ? opts.lengthDoc : undefined;
    },
    async shortcodesTaken(codes: string[]) {
      queried.push(codes);
      return new Set(codes.filter((c) => opts.taken?.(c)));
    },
  };
}

describe('checkDigit', () => {
  it.each([
    ['1234', 8],
    ['1324', 9],
    ['0000', 0],
    ['9999', 5], // 9*(5+4+3+2) = 126, 126 mod 11 = 5
  ])('%s -> %d', (digits, expected) => {
    expect(checkDigit(digits)).toBe(expected);
  });

  it('writes a remainder of 10 as 0', () => {
    // 0005 -> 5*2 = 10
    expect(checkDigit('0005')).toBe(0);
    expect(withCheckDigit('0005')).toBe('00050');
  });

  it('validates shortcodes', () => {
    expect(isValidShortcode('12348')).toBe(true);
    expect(isValidShortcode('12348', 5)).toBe(true);
    expect(isValidShortcode('12348', 6)).toBe(false);
    expect(isValidShortcode('12347')).toBe(false);
    expect(isValidShortcode('1234a')).toBe(false);
    expect(isValidShortcode(12348)).toBe(false);
  });
});

describe('shortcodeCandidates', () => {
  it('gives distinct codes of exactly the length, with their check digit', () => {
    const codes = shortcodeCandidates(5, 200);
    expect(codes).toHaveLength(200);
    expect(new Set(codes).size).toBe(200);
    for (const code of codes) expect(isValidShortcode(code, 5)).toBe(true);
  });

  it('keeps leading zeros', () => {
    expect(shortcodeCandidates(5, 1, scripted('0012'))).toEqual([withCheckDigit('0012')]);
  });

  it('stops at the size of the space', () => {
    expect(shortcodeCandidates(2, 200)).toHaveLength(10);
  });
});

describe('length doc', () => {
  it('defaults to 5 and refuses values outside 5..13', () => {
    expect(lengthOf(undefined)).toBe(5);
    expect(lengthOf({ _id: LENGTH_DOC_ID, current_length: 7 })).toBe(7);
    expect(lengthOf({ _id: LENGTH_DOC_ID, current_length: '8' })).toBe(8);
    expect(() => lengthOf({ _id: LENGTH_DOC_ID, current_length: 4 })).toThrow(/between 5 and 13/);
    expect(() => lengthOf({ _id: LENGTH_DOC_ID, current_length: 14 })).toThrow();
    expect(() => lengthOf({ _id: LENGTH_DOC_ID, current_length: 'six' })).toThrow();
    expect(() => lengthOf({ _id: LENGTH_DOC_ID })).toThrow();
  });

  it('the raise op only ever raises, and is registered', () => {
    expect(raiseLength({ _id: LENGTH_DOC_ID }, { length: 6 })).toEqual({ _id: LENGTH_DOC_ID, current_length: 6 });
    expect(raiseLength({ _id: LENGTH_DOC_ID, current_length: 7 }, { length: 6 })).toBeNull();
    expect(raiseLength({ _id: LENGTH_DOC_ID, current_length: 6 }, { length: 6 })).toBeNull();
    expect(getUpdateOp(RAISE_LENGTH_OP)).toBe(raiseLength);
  });
});

describe('ShortcodeGenerator', () => {
  it('returns the first free candidate, in generation order', async () => {
    const first = withCheckDigit('1111');
    const second = withCheckDigit('2222');
    const gen = new ShortcodeGenerator({ random: scripted('11112222' + '3'.repeat(4)), candidates: 3 });
    const l = lookups({ taken: (c) => c === first });
    const res = await gen.next(l);
    expect(res).toEqual({ id: second, effects: [] });
    expect(l.queried[0]).toContain(first);
  });

  it('never hands out the same id twice in-process, even before it is committed', async () => {
    // every call draws the same three candidates; three concurrent calls must still get three ids
    const pattern = '111122223333';
    let i = 0;
    const random = () => Number(pattern[i++ % pattern.length]);
    const gen = new ShortcodeGenerator({ random, candidates: 3 });
    const ids = await Promise.all([gen.next(lookups()), gen.next(lookups()), gen.next(lookups())]);
    expect(ids.map((r) => r.id).sort()).toEqual([withCheckDigit('1111'), withCheckDigit('2222'), withCheckDigit('3333')]);
    expect(ids.every((r) => r.effects.length === 0)).toBe(true);
  });

  it('moves to the next length when every candidate is taken, and says so with an effect', async () => {
    const gen = new ShortcodeGenerator({ candidates: 5 });
    const l = lookups({ taken: (c) => c.length === 5 });
    const res = await gen.next(l);
    expect(res.id).toHaveLength(6);
    expect(isValidShortcode(res.id, 6)).toBe(true);
    expect(res.effects).toEqual([{ kind: 'update', id: LENGTH_DOC_ID, op: RAISE_LENGTH_OP, args: { length: 6 } }]);
    // the next request starts at the raised length although the stored doc still says 5
    const next = await gen.next(lookups());
    expect(next.id).toHaveLength(6);
    expect(next.effects).toEqual([]);
  });

  it('asks about 8 candidates first, and about the other 192 only when those 8 are taken', async () => {
    const free = await new ShortcodeGenerator().next(lookups());
    const l1 = lookups();
    await new ShortcodeGenerator().next(l1);
    expect(l1.queried.map((q) => q.length)).toEqual([8]);
    expect(isValidShortcode(free.id, 5)).toBe(true);

    let asked = 0;
    const l2 = lookups({ taken: () => ++asked <= 8 }); // the first round is all taken
    const res = await new ShortcodeGenerator().next(l2);
    expect(l2.queried.map((q) => q.length)).toEqual([8, 192]);
    expect(l2.queried[1]).toContain(res.id);
    expect(l2.queried[0]).not.toContain(res.id);
    expect(res.effects).toEqual([]); // a raise needs all 200 taken
  });

  it('uses the stored length', async () => {
    const gen = new ShortcodeGenerator();
    const res = await gen.next(lookups({ lengthDoc: { _id: LENGTH_DOC_ID, current_length: 9 } }));
    expect(isValidShortcode(res.id, 9)).toBe(true);
  });

  it('throws when the stored length is out of range', async () => {
    const gen = new ShortcodeGenerator();
    await expect(gen.next(lookups({ lengthDoc: { _id: LENGTH_DOC_ID, current_length: 20 } }))).rejects.toThrow(/between 5 and 13/);
  });

  it('throws past length 13', async () => {
    const gen = new ShortcodeGenerator({ candidates: 2 });
    await expect(gen.next(lookups({ taken: () => true, lengthDoc: { _id: LENGTH_DOC_ID, current_length: 13 } }))).rejects.toThrow(/exhausted/);
  });
});

describe('deterministicUuid', () => {
  it('is stable, UUID-shaped and depends on every part', () => {
    const a = deterministicUuid('r1', 'add_patient', 0);
    expect(a).toBe(deterministicUuid('r1', 'add_patient', 0));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicUuid('r1', 'add_patient', 1)).not.toBe(a);
    expect(deterministicUuid('r2', 'add_patient', 0)).not.toBe(a);
  });
});
