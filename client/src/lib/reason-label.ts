// What a nurse reads for each reason code: written once in the domain vocabulary.
export { reasonLabel } from "../../../server/domain/reason-codes";
