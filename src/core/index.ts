/**
 * CareQual's pure core: criteria, enrichment, qualification and the HubSpot property values it
 * produces. No I/O, no clock (pass `now`), no environment: the same code runs in the worker, the
 * console's preview and simulations.
 */
export { CriteriaSchema, type Criteria, type CriteriaShape, type PropertyMap, type Rule, type BandDefinition } from './criteria/criteria.schema';
export { ConditionSchema, CONDITION_OPERATORS, type Condition, type LeafCondition, type ConditionOperator } from './criteria/condition.schema';
export { SIGNAL_CATALOG, SIGNAL_NAMES, type SignalName, type SignalValues, type SignalKind } from './criteria/signal-catalog';
export { parseCriteria, validateCriteria, CriteriaValidationError, type CriteriaIssue, type CriteriaValidation } from './criteria/criteria.validation';
export { criteriaHash, canonicalJson } from './criteria/criteria.hash';
export { requiredContactProperties } from './criteria/required-properties';
export * from './criteria/vocabulary';
export { buildDefaultCriteria } from './templates/default-criteria.template';
export { buildSimplePointModelCriteria } from './templates/simple-point-model.template';
export { installCriteriaTemplates, getCriteriaTemplates, type CriteriaTemplates } from './templates/criteria-templates';
export { installPayerNames, getPayerNames, PayerNamesSchema, type PayerNames } from './enrichment/payer-names';
export { qualifyContact, type QualificationResult } from './qualification/qualify';
export { compileCriteria, type CompiledCriteria } from './qualification/compile-criteria';
export { isWithinBusinessHours } from './qualification/business-hours';
export type { Contribution } from './qualification/scoring';
export { enrichContact } from './enrichment/enrich-contact';
export type { ContactProperties, Enrichment } from './enrichment/enricher';
export type { DataMode } from './wording/data-mode';
export { wordingFor, reasonCode, formatContribution, HEDGED_SAFETY_REASON, SENSITIVE_WORDING, STANDARD_WORDING, FOLLOW_UP_SUBJECT_PREFIX, type Wording, type TaskPriority } from './wording/wording';
export {
  SAFETY_CATEGORIES, SafetyLexiconSchema, SafetyScreen, installSafetyLexicon, getBuiltInSafetyScreen, tryGetInstalledSafetyLexicon,
  describeSafetyCategory, formatSafetyReason, PracticeSafetyPhrasesSchema, compileCustomSafetyScreen, screenContactSafety, type PracticeSafetyPhrases, type SafetyCategory, type SafetyLexicon, type SafetyMatch, type SafetyScreenResult, type ContactSafety,
} from './safety';
export { readInquiry, isInquiryTooOld, holdPassedRespondBy, parseHubSpotDateTime, INQUIRY_DATE_PROPERTIES, type Inquiry } from './qualification/inquiry';
export * from './effectiveness/intake-vocabulary';
export * from './effectiveness/outcome-signals';
export * from './effectiveness/effectiveness-report';
export { emptyTally, mergeTallies, tallyLeads, type EffectivenessTally, type TallyContext } from './effectiveness/effectiveness-tally';
export * from './effectiveness/suggestions';
export * from './effectiveness/small-cells';
export { quantile, wilsonInterval } from './effectiveness/statistics';
export { outlineCriteria } from './effectiveness/criteria-outline';
export * from './effectiveness/apply-suggestion';
