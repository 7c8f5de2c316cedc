export { errorText } from "../../lib/error-text";

export { formatCount as countText, recordsWord as recordsText } from "../../../core";
