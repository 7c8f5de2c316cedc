import { formatCount } from "../../../../core";
import { ToggleGroup, ToggleGroupItem } from "../../../components/ui/toggle-group";
import type { RecordCounts } from "../../../lib/api-types";
import type { RecordFilter as Filter } from "../api/records-query-options";

/** All, valid or error records, with the sheet's counts. */
export function RecordFilter({
  value,
  counts,
  disabled,
  onChange,
}: {
  value: Filter;
  counts: RecordCounts | undefined;
  disabled?: boolean;
  onChange: (filter: Filter) => void;
}) {
  const count = (key: keyof RecordCounts) => (counts ? ` (${formatCount(counts[key])})` : "");
  return (
    <ToggleGroup
      type="single"
      value={value}
      onValueChange={(next) => {
        if (next === "all" || next === "valid" || next === "error") onChange(next);
      }}
      aria-label="Show records"
      disabled={disabled}
    >
      <ToggleGroupItem value="all">All{count("total")}</ToggleGroupItem>
      <ToggleGroupItem value="valid">Valid{count("valid")}</ToggleGroupItem>
      <ToggleGroupItem value="error">Errors{count("error")}</ToggleGroupItem>
    </ToggleGroup>
  );
}
