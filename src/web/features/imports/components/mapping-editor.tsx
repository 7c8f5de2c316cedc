import { useId } from "react";
import type { Field, PlanIssue } from "../../../../core";
import {
  emptyDestinations,
  fieldName,
  mapEnumValue,
  mapSource,
  sourceColumns,
  type PlanLists,
} from "../plan-edit";
import { CertaintyBadge } from "./certainty-badge";
import { EnumValueMapping } from "./enum-value-mapping";

const NONE = "";
const PREVIEW_SHOWN = 3;

/**
 * The mapping of one import: each column of the file with its first values, the field it goes into (a select) and how
 * sure the match is; the value mapping of enum fields; and the fields left empty. Every change goes to `onChange` as
 * a whole new plan.
 */
export function MappingEditor({
  plan,
  sourceFields,
  destinationFields,
  destinationName,
  issues,
  disabled,
  onChange,
}: {
  plan: PlanLists;
  sourceFields: readonly Field[];
  destinationFields: readonly Field[];
  destinationName: string;
  issues: readonly PlanIssue[];
  disabled?: boolean;
  onChange: (next: PlanLists) => void;
}) {
  const id = useId();
  const columns = sourceColumns(plan, sourceFields);
  const empty = emptyDestinations(plan, destinationFields);
  const issueOf = (edgeIndex: number) =>
    edgeIndex === -1 ? undefined : issues.find((issue) => issue.key.startsWith(`fieldMapping.${edgeIndex}.`));
  return (
    <div className="mapping-editor">
      <table className="mapping-table">
        <caption className="visually-hidden">
          Columns of the file and the {destinationName} fields they are imported into
        </caption>
        <thead>
          <tr>
            <th scope="col">Column in the file</th>
            <th scope="col">Imported into</th>
            <th scope="col">Match</th>
          </tr>
        </thead>
        <tbody>
          {columns.map(({ field, edge, edgeIndex, preview }, row) => {
            const selectId = `${id}-${row}`;
            const issue = issueOf(edgeIndex);
            const destination = edge
              ? destinationFields.find((item) => item.key === edge.destinationField.key)
              : undefined;
            return (
              <tr key={field.key} data-invalid={issue ? true : undefined}>
                <th scope="row" className="mapping-source">
                  <span className="mapping-source-name">{fieldName(field)}</span>
                  {preview.length ? (
                    <span className="mapping-preview">
                      <span className="visually-hidden">First values: </span>
                      {preview.slice(0, PREVIEW_SHOWN).map((value, index) => (
                        <span key={index} className="mapping-preview-value">
                          {value === "" ? "(empty)" : value}
                        </span>
                      ))}
                    </span>
                  ) : null}
                </th>
                <td className="mapping-destination">
                  <label htmlFor={selectId} className="visually-hidden">
                    {fieldName(field)} is imported into
                  </label>
                  <select
                    id={selectId}
                    className="mapping-select"
                    disabled={disabled}
                    value={edge?.destinationField.key ?? NONE}
                    aria-invalid={issue ? true : undefined}
                    aria-describedby={issue ? `${selectId}-issue` : undefined}
                    onChange={(event) => {
                      const key = event.currentTarget.value;
                      onChange(
                        mapSource(
                          plan,
                          field,
                          destinationFields.find((item) => item.key === key),
                        ),
                      );
                    }}
                  >
                    <option value={NONE}>Don’t import</option>
                    {destinationFields.map((item) => (
                      <option key={item.key} value={item.key}>
                        {fieldName(item)}
                        {item.constraints?.some((constraint) => constraint.type === "required")
                          ? " (required)"
                          : ""}
                      </option>
                    ))}
                  </select>
                  {issue ? (
                    <p id={`${selectId}-issue`} className="mapping-issue error-text">
                      {issue.message}
                    </p>
                  ) : null}
                  {edge && destination?.type === "enum" ? (
                    <EnumValueMapping
                      edge={edge}
                      destination={destination}
                      disabled={disabled}
                      onChange={(sourceValue, destinationValue) =>
                        onChange(mapEnumValue(plan, edgeIndex, sourceValue, destinationValue, destination))
                      }
                    />
                  ) : null}
                </td>
                <td className="mapping-certainty">
                  <CertaintyBadge edge={edge} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <section className="mapping-empty" aria-labelledby={`${id}-empty`}>
        <h2 id={`${id}-empty`}>
          {destinationName} fields left empty ({empty.length})
        </h2>
        {empty.length ? (
          <ul>
            {empty.map(({ field, required }) => (
              <li key={field.key} data-required={required || undefined}>
                {fieldName(field)}
                {required ? (
                  <span className="mapping-required"> Required: every row will be flagged</span>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">Every field gets a column of the file.</p>
        )}
      </section>
    </div>
  );
}
