/** The corporate-clearing solver: maximum multilateral set-off, net settlement, report. */
export { clear, type Clearing } from "./clear.js";
export { maximumSetOff, type SetOffAlgorithm, type SetOffOptions } from "./setOff.js";
export { netPositions } from "./netPositions.js";
export { settlementPlan } from "./settlement.js";
export { clearingReport } from "./report.js";
export { checkSetOff, SetOffCheckError, type SetOffCheck } from "./certificate.js";
export { ClearingInputError, validateObligations } from "./validate.js";
export { scaleFreeObligations, type ScaleFreeOptions } from "./generate.js";
export type * from "./types.js";
