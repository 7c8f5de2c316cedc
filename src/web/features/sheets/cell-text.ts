import type { SheetField, SheetRecord } from "../../lib/api-types";

/** A cell's value as the grid shows it: an enum by its option's label, a boolean as "true" or "false". */
export function cellText(
  field: Pick<SheetField, "type" | "config">,
  value: SheetRecord["values"][string]["value"] | undefined,
): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (field.type === "enum") {
    const option = field.config?.options?.find((item) => item.value === value);
    if (option?.label) return option.label;
  }
  return String(value);
}
