import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../lib/api-context";
import { recordCountQueryOptions, useSelectionStore, useSheetSelection } from "../sheets";
import type { ScopeOption } from "./components/scope-choice";
import { scopeConfig, type SelectionJobKind, type ToolScope } from "./selection-config";
import type { ToolTarget } from "./tool-target";

const narrows = ({ filter, searchValue }: ToolTarget["view"]) => filter !== "all" || Boolean(searchValue);

/**
 * The scopes a tool offers, of those it asks for, with their counts: every record; the records shown, when a filter
 * or search narrows them (else they are every record); the selection, when there is one. `configOf` turns a scope
 * into the selection part of the job's config.
 */
export function useScopeOptions(target: ToolTarget, wanted: readonly ToolScope[], kind: SelectionJobKind) {
  const api = useApi();
  const sheetId = target.sheet.id;
  const selection = useSelectionStore((state) => state.bySheet[sheetId]);
  const selected = useSheetSelection(sheetId).count;
  const counted = useQuery(recordCountQueryOptions(api, sheetId, target.view));
  const matching = counted.data && !counted.isPlaceholderData ? counted.data.matching : undefined;
  const total = counted.data?.counts.total ?? target.sheet.recordCounts?.total;

  const options: ScopeOption[] = [];
  const filtered = narrows(target.view);
  for (const scope of wanted) {
    if (scope === "all" && (filtered || !wanted.includes("view")))
      options.push({ scope, label: "All records", count: total });
    if (scope === "view")
      options.push(
        filtered
          ? { scope, label: "The records shown", count: matching }
          : { scope, label: "All records", count: total },
      );
    if (scope === "selection" && selection)
      options.push({ scope, label: "The selected records", count: selected });
  }
  return {
    options,
    configOf: (scope: ToolScope) => scopeConfig(scope, target.view, selection, kind),
    countOf: (scope: ToolScope) => options.find((option) => option.scope === scope)?.count,
  };
}
