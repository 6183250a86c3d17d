/**
 * Every app_settings of the shared compatibility scenarios is a config CHT accepts; vigil must not reject
 * any of them, except REG-20, whose point is a broken registration (add_place without contact_type).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSettings } from '../../../lib/config/check';

const file = join(__dirname, '../../../../shared/compat/scenarios.json');
const scenarios: Array<{ id: string; settings?: Record<string, unknown> }> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : [];

(scenarios.length ? describe : describe.skip)('compat scenario settings', () => {
  it('are all free of errors, except REG-20', () => {
    const withErrors = scenarios
      .map((s) => ({ id: s.id, errors: checkSettings(s.settings ?? {}).filter((p) => p.severity === 'error') }))
      .filter((r) => r.errors.length > 0);
    expect(withErrors).toEqual([
      { id: 'REG-20', errors: [expect.objectContaining({ path: '$.registrations[0].events[0].params' })] },
    ]);
  });
});
