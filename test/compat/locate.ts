/** Where the runner finds the repository, the scenarios file and the deviations document. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The nearest ancestor of `from` holding the package.json named "vigil". */
export function findRepoRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'vigil') return dir;
      } catch {
        /* not ours */
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json named "vigil" above ${from}`);
    dir = parent;
  }
}

/** --scenarios, else $VIGIL_SCENARIOS, else ../shared/compat/scenarios.json beside the repository. */
export function scenariosFile(repoRoot: string, cli?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (cli) return resolve(cli);
  if (env.VIGIL_SCENARIOS) return resolve(env.VIGIL_SCENARIOS);
  return resolve(repoRoot, '..', 'shared', 'compat', 'scenarios.json');
}

export function deviationsFile(repoRoot: string, cli?: string): string {
  return cli ? resolve(cli) : join(repoRoot, 'docs', 'compatibility.md');
}
