export { getOutcomeMeasures, type OutcomeQuery } from "./outcome-measures.js";
