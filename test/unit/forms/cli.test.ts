import { Command } from 'commander';
import { registerParseCommand } from '../../../forms/cli';
import { ManualClock } from '../../../lib/time/clock';
import { NOW, settings } from './fixtures';

async function run(args: string[], appSettings = settings()) {
  const out: string[] = [];
  const files: Array<string | undefined> = [];
  const program = new Command().exitOverride();
  registerParseCommand(
    program,
    async (file) => {
      files.push(file);
      return appSettings;
    },
    { out: (t) => out.push(t), clock: new ManualClock(NOW) },
  );
  await program.parseAsync(['parse', ...args], { from: 'user' });
  return { text: out.join(''), files };
}

const jsonOf = (text: string) => JSON.parse(text.slice(text.indexOf('{')));

describe('vigil parse', () => {
  it('prints a summary, then the record as JSON', async () => {
    const { text, files } = await run(['V 12345 3 1 2024-05-01', '--from', '0712345678', '--settings', 'app.json']);
    expect(files).toEqual(['app.json']);
    const [summary] = text.split('\n{');
    expect(summary).toContain('form: V (read as compact)');
    expect(summary).toContain('from: +254712345678');
    expect(summary).toContain('  patient_id = "12345"');
    expect(summary).toContain('  danger = "Bleeding"');
    expect(summary).toContain('  visit.date = 1714510800000  (2024-05-01T00:00:00.000+03:00)');
    expect(summary).toContain('errors: none');
    const record = jsonOf(text);
    expect(record).toMatchObject({ type: 'data_record', form: 'V', from: '+254712345678', fields: { weight: 3 } });
  });

  it('--json prints only the record', async () => {
    const { text } = await run(['V', '--json']);
    expect(text.startsWith('{')).toBe(true);
    const record = JSON.parse(text);
    expect(record.errors).toEqual([{ code: 'sys.missing_fields', message: 'Missing or invalid fields: patient_id.' }]);
    expect(record.from).toBe('');
  });

  it('shows errors, warnings and free text', async () => {
    const bad = await run(['V #wt x']);
    expect(bad.text).toContain('errors:\n  sys.missing_fields: Missing or invalid fields: patient_id.');
    const warned = await run(['V 1 2 7']);
    expect(warned.text).toContain('warnings:\n  danger: "7" is not in the field\'s list');
    const free = await run(['hello there']);
    expect(free.text).toContain('form: none: free text (no form "HELLO")');
    const strict = await run(['hello there'], settings({ forms_only_mode: true }));
    expect(strict.text).toContain('form: "HELLO" is not defined (forms_only_mode)');
  });

  it('--locale reads labels and error texts in that locale', async () => {
    const { text } = await run(['V ident 12345', '--locale', 'fr', '--json']);
    expect(JSON.parse(text)).toMatchObject({ fields: { patient_id: '12345' }, sms_message: { locale: 'fr' } });
  });
});
