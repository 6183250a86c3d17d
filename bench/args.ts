/** Command-line options of `npm run bench` (`node dist/bench/backlog.js [options]`). */

export type Scenario = 'backlog' | 'due' | 'all';

export interface BenchArgs {
  /** registration reports (and reporting people) to seed */
  n: number;
  scenario: Scenario;
  /** embedded server on the memory adapter instead of leveldb in a temp folder (quick, less realistic) */
  memory: boolean;
  /** how long (c), the one-change-at-a-time run, is measured for before its rate is taken */
  cSeconds: number;
  /** write CPU profiles of the vigil worker processes into this folder (`node --cpu-prof`) */
  profileDir?: string;
  /** skip measurement (c) (it only samples a rate, but takes cSeconds) */
  skipC: boolean;
}

export const USAGE = `usage: node dist/bench/backlog.js [--n 20000] [--scenario backlog|due|all] [--memory] [--c-seconds 60] [--skip-c] [--profile DIR]
  COUCH_URL=http://user:pass@host:5984  run against that CouchDB instead of the embedded server
                                        (the bench creates and deletes its own bench-* databases)`;

export function parseArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { n: 20_000, scenario: 'all', memory: false, cSeconds: 60, skipC: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--n':
        args.n = positiveInt(flag, value());
        break;
      case '--scenario': {
        const s = value();
        if (s !== 'backlog' && s !== 'due' && s !== 'all') throw new Error(`--scenario must be backlog, due or all, got "${s}"`);
        args.scenario = s;
        break;
      }
      case '--memory':
        args.memory = true;
        break;
      case '--c-seconds':
        args.cSeconds = positiveInt(flag, value());
        break;
      case '--skip-c':
        args.skipC = true;
        break;
      case '--profile':
        args.profileDir = value();
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    }
  }
  return args;
}

function positiveInt(flag: string, text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got "${text}"`);
  return n;
}
