import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDeviations, splitRow } from '../../compat/deviations';
import { findRepoRoot } from '../../compat/locate';

const doc = `# Compatibility

| status | meaning |
|---|---|
| PASS | not a deviation |

## Deliberate deviations

Some text.

| Scenario | CHT behaviour | vigil behaviour | Reason |
|----------|---------------|-----------------|--------|
| DUE-03 | state \`clear\` | state \`cleared\` | fixes CHT bug 8b |
| \`MSG-01\`, MSG-02 | deny list checks the sender | checks the recipient | bug 6 \\| design §1 |

### A sub-heading keeps the section

| Scenario | CHT | vigil | Reason |
|---|---|---|---|
| SEQ-05 | code \`x_error'\` | code \`x_error\` | stray apostrophe |

## Fixed CHT bugs

| NOT-1 | a | b | c |
`;

describe('compat deviations', () => {
  it('splits table rows, honouring escaped pipes', () => {
    expect(splitRow('| a | b \\| c | d |')).toEqual(['a', 'b | c', 'd']);
  });

  it('reads the rows of the Deliberate deviations section only', () => {
    const d = parseDeviations(doc);
    expect([...d.keys()].sort()).toEqual(['DUE-03', 'MSG-01', 'MSG-02', 'SEQ-05']);
    expect(d.get('DUE-03')).toEqual({ id: 'DUE-03', cht: 'state `clear`', vigil: 'state `cleared`', reason: 'fixes CHT bug 8b' });
    expect(d.get('MSG-02')?.reason).toBe('bug 6 | design §1');
    expect(d.has('PASS')).toBe(false);
    expect(d.has('NOT-1')).toBe(false);
  });

  it('an empty table or a missing section means no deviations', () => {
    expect(parseDeviations('## Deliberate deviations\n\n| Scenario | CHT | vigil | Reason |\n|---|---|---|---|\n').size).toBe(0);
    expect(parseDeviations('# nothing here\n| A-1 | x | y | z |\n').size).toBe(0);
  });

  it('the shipped docs/compatibility.md parses and has the section', () => {
    const text = readFileSync(join(findRepoRoot(__dirname), 'docs', 'compatibility.md'), 'utf8');
    expect(text).toMatch(/^## Deliberate deviations$/m);
    expect(() => parseDeviations(text)).not.toThrow();
  });
});
