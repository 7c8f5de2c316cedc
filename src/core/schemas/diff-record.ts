import { z } from "zod";
import { CellScalar, ValidationMessage } from "./record";

/**
 * One cell of a preview (Flatfile's `DiffValue`): `value` is what the cell will hold, `snapshotValue` what it holds
 * now, `valid` and `messages` the validation of the new value.
 */
export const DiffValue = z
  .object({
    value: CellScalar.optional(),
    snapshotValue: CellScalar.optional(),
    valid: z.boolean(),
    messages: z.array(ValidationMessage),
  })
  .meta({ id: "DiffValue" });
export type DiffValue = z.infer<typeof DiffValue>;

/** A record of a preview (Flatfile's `DiffRecord`): only the cells that change. */
export const DiffRecord = z
  .object({ id: z.string(), values: z.record(z.string(), DiffValue) })
  .meta({ id: "DiffRecord" });
export type DiffRecord = z.infer<typeof DiffRecord>;
