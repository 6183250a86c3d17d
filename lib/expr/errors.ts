/**
 * The one error type config expressions throw. Callers decide what a failure means: CHT treats a throwing
 * trigger `bool_expr` as false, but a throwing message `bool_expr` or alert `condition` as a transition error.
 */

export type ExpressionErrorKind =
  /** the source does not parse (or, for compileFunction, is not a function) */
  | 'syntax'
  /** the expression ran longer than the time limit */
  | 'timeout'
  /** the expression threw */
  | 'runtime'
  /** the expression's value could not be handed back (e.g. a cyclic object) */
  | 'result';

const MAX_SOURCE_IN_MESSAGE = 120;

export function abbreviate(source: string, max = MAX_SOURCE_IN_MESSAGE): string {
  const oneLine = source.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  /** the expression (or function) source text */
  readonly source: string;
  readonly kind: ExpressionErrorKind;
  /** a short description of what went wrong, without the source (e.g. `TypeError: x is undefined`) */
  readonly detail: string;

  constructor(kind: ExpressionErrorKind, source: string, detail: string, cause?: unknown) {
    super(`${detail} (in expression "${abbreviate(source)}")`, cause === undefined ? undefined : { cause });
    this.kind = kind;
    this.source = source;
    this.detail = detail;
  }
}

export function isExpressionError(err: unknown): err is ExpressionError {
  return err instanceof ExpressionError;
}
