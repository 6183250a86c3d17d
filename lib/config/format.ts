/** Text output of config problems (`vigil check`). */
import type { ConfigProblem } from '../types';

/** `<path>: <message>`, warnings marked with a trailing ` [warning]`. */
export function formatProblem(problem: ConfigProblem): string {
  const message = problem.message.replace(/\s*\n\s*/g, ' ');
  return `${problem.path}: ${message}${problem.severity === 'warning' ? ' [warning]' : ''}`;
}

/** One line per problem, in the order given. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return problems.map(formatProblem).join('\n');
}

/** e.g. `2 errors, 1 warning` or `no problems`. */
export function summarizeProblems(problems: readonly ConfigProblem[]): string {
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  const errors = problems.length - warnings;
  if (problems.length === 0) return 'no problems';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [errors ? plural(errors, 'error') : '', warnings ? plural(warnings, 'warning') : ''].filter(Boolean).join(', ');
}
