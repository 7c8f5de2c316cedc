import type { ToolTarget } from "../tool-target";
import { BulkEditButton } from "./bulk-edit-button";
import { FindReplaceButton } from "./find-replace-button";
import "../grid-tools.css";

/** The toolbar's tools for the records shown: Find and replace, Bulk edit (the toolbar names their group). */
export function GridTools({ target }: { target: ToolTarget }) {
  return (
    <div className="grid-tools">
      <FindReplaceButton target={target} scope="view" />
      <BulkEditButton target={target} scope="view" />
    </div>
  );
}
