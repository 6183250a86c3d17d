export { ExpressionError, isExpressionError, type ExpressionErrorKind } from './errors';
export {
  createExpressions,
  compileFunction,
  checkSyntax,
  DEFAULT_TIMEOUT_MS,
  type ExpressionOptions,
  type ExpressionStats,
  type SandboxedExpressions,
  type SourceKind,
} from './expressions';
