/** Configuration: loading, defaults, schema and semantic checks, and which transitions may run. */
export { checkSettings, analyseSettings, hasErrors, isError, type CheckOptions, type SettingsAnalysis, type TransitionCheck } from './check';
export { resolveTransitions, NOT_IMPLEMENTED, type DisabledTransition, type TransitionResolution } from './enabled';
export {
  loadSettingsFile,
  parseSettingsJson,
  applyDefaults,
  settingsFromDoc,
  locateJsonError,
  SETTINGS_DEFAULTS,
  SettingsLoadError,
} from './load';
export { formatProblem, formatProblems, summarizeProblems } from './format';
export { pointerToPath, toJsonPath, appendSegment, sectionOf, parseJsonPath, isWithin, type PathSegment } from './paths';
export { isEnabledIn, parseTriggerParams, semanticProblems, type ParsedParams } from './semantic';
export { schemaProblems, createAjv } from './validator';
export { SECTION_SCHEMAS, settingsSchema, TRIGGERS } from './schema';
