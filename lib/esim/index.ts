// Public API of the eSIM domain: identifiers, activation codes, SM-DP+
// profile states and ES2+ status codes.
export {
  EsimFormatError,
  InvalidStateTransitionError,
  MAX_ERROR_VALUE_LENGTH,
  isControlCharacter,
  safeErrorValue,
  type EsimField,
  type EsimFormatErrorCode,
} from "./errors";
export { isLuhnValid, luhnCheckDigit } from "./luhn";
export {
  ICCID_MAX_DIGITS,
  ICCID_MIN_DIGITS,
  iccidFromBcd,
  iccidToBcd,
  isSameIccid,
  normalizeIccid,
  parseIccid,
  type IccidWarning,
  type ParsedIccid,
} from "./iccid";
export {
  EID_DIGITS,
  computeEidCheckDigits,
  eidManufacturerCode,
  isValidEid,
  parseEid,
} from "./eid";
export {
  imeiCheckDigit,
  parseImei,
  parseImeiWithKind,
  type ImeiKind,
  type ParsedImei,
} from "./imei";
export {
  ACTIVATION_CODE_MAX_LENGTH,
  LPA_PREFIX,
  buildActivationCode,
  formatActivationCode,
  parseActivationCode,
  type ActivationCode,
  type BuildActivationCodeInput,
  type FormatActivationCodeOptions,
} from "./activation-code";
export {
  SMDP_EVENTS,
  SMDP_STATES,
  allowedEvents,
  canTransition,
  describeSmdpEvent,
  nextSmdpState,
  type FinalProfileStatusIndicator,
  type SmdpEvent,
  type SmdpState,
} from "./profile-state";
export {
  STATUS_CODE_CATALOGUE,
  describeStatusCode,
  type StatusCodeCatalogueEntry,
  type StatusCodeCategory,
  type StatusCodeDiagnosis,
} from "./status-codes";
