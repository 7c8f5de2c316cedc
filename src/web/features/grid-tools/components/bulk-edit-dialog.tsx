import { useQuery } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { BULK_EDIT_OPS, MutateJobConfig, type BulkEdit } from "../../../../core";
import { DialogButtons } from "../../../components/ui/dialog-buttons";
import { DialogContent, DialogDescription, DialogTitle } from "../../../components/ui/dialog";
import { useApi } from "../../../lib/api-context";
import { mutationPreviewQueryOptions } from "../api/preview-query-options";
import { useStartRecordJob } from "../api/use-start-record-job";
import { countText, errorText, recordsText } from "../error-text";
import type { ToolScope } from "../selection-config";
import type { ToolTarget } from "../tool-target";
import { useDebouncedValue } from "../../../lib/use-debounced-value";
import { useScopeOptions } from "../use-scope-options";
import { DiffTable } from "./diff-table";
import { FieldSelect } from "./field-select";
import { ScopeChoice } from "./scope-choice";

const PREVIEW_DELAY_MS = 300;

type Op = BulkEdit["op"];

const OP_LABELS: Record<Op, string> = {
  set: "Set to a value",
  clear: "Clear",
  trim: "Trim whitespace",
  uppercase: "UPPERCASE",
  lowercase: "lowercase",
  capitalize: "Capitalize",
};

type Values = { fieldKey: string; op: Op; value: string; scope: ToolScope };
type Errors = Partial<Record<"fieldKey" | "value", string>>;

function check(values: Values): Errors {
  return {
    ...(values.fieldKey ? {} : { fieldKey: "Choose the field to edit" }),
    ...(values.op === "set" && values.value === ""
      ? { value: "Enter the value to set, or choose Clear" }
      : {}),
  };
}

/**
 * Bulk edit: one field of the selection or of the records shown is set, cleared, trimmed or changes case, as the
 * built-in mutation of `sheet:mutate-records`. Once the form is complete it shows the first records it changes,
 * before and after.
 */
export function BulkEditDialog({
  target,
  initialScope,
  onStarted,
}: {
  target: ToolTarget;
  initialScope: ToolScope;
  onStarted: () => void;
}) {
  const id = useId();
  const api = useApi();
  const start = useStartRecordJob();
  const formRef = useRef<HTMLFormElement>(null);
  const sheetId = target.sheet.id;
  const fields = target.sheet.config.fields.filter((field) => !field.readonly);
  const scopes = useScopeOptions(target, ["selection", "view"], "mutate");
  const [values, setValues] = useState<Values>({ fieldKey: "", op: "set", value: "", scope: initialScope });
  const [tried, setTried] = useState(false);
  const scope = scopes.options.some((option) => option.scope === values.scope)
    ? values.scope
    : (scopes.options[0]?.scope ?? "view");
  const set = (patch: Partial<Values>) => setValues((current) => ({ ...current, ...patch }));

  const found = check(values);
  const errors = tried ? found : {};
  const selectionPart = scopes.configOf(scope);
  const parsed =
    Object.keys(found).length === 0 && selectionPart
      ? MutateJobConfig.safeParse({
          sheetId,
          bulkEdit: {
            fieldKey: values.fieldKey,
            op: values.op,
            ...(values.op === "set" ? { value: values.value } : {}),
          },
          ...selectionPart,
        })
      : undefined;
  const config = parsed?.success ? parsed.data : undefined;
  const previewConfig = useDebouncedValue(config, PREVIEW_DELAY_MS);
  const preview = useQuery(mutationPreviewQueryOptions(api, previewConfig));
  const current =
    config !== undefined &&
    JSON.stringify(previewConfig) === JSON.stringify(config) &&
    !preview.isPlaceholderData;
  const fieldLabel = fields.find((field) => field.key === values.fieldKey)?.label ?? values.fieldKey;
  const count = scopes.countOf(scope);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (start.isPending) return;
    if (Object.keys(found).length > 0) {
      flushSync(() => setTried(true));
      const first = found.fieldKey ? `${id}-field` : `${id}-value`;
      formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(first)}`)?.focus();
      return;
    }
    if (!config) return;
    start.mutate({ kind: "mutate", source: sheetId, config }, { onSuccess: onStarted });
  };

  const previewCount = () => {
    if (!config) return "Choose a field and what to do to see the first records it changes.";
    if (preview.error) return `Could not preview the change: ${errorText(preview.error)}`;
    if (!preview.data) return "Reading the first records it changes…";
    if (preview.data.length === 0) return "No record changes.";
    return `The first ${preview.data.length === 1 ? "record" : `${countText(preview.data.length)} records`} it changes:`;
  };

  return (
    <DialogContent className="grid-tool-dialog" data-kind="bulk-edit">
      <DialogTitle>Bulk edit</DialogTitle>
      <DialogDescription className="grid-tool-text">
        Change one field of many records of {target.sheet.name} at once. A snapshot is taken first, so the
        change can be undone.
      </DialogDescription>
      <form ref={formRef} className="grid-tool-form" noValidate onSubmit={submit}>
        <FieldSelect
          id={`${id}-field`}
          fields={fields}
          value={values.fieldKey}
          error={errors.fieldKey}
          onChange={(fieldKey) => set({ fieldKey })}
        />
        <div className="grid-tool-field">
          <label htmlFor={`${id}-op`}>Change</label>
          <select
            id={`${id}-op`}
            className="grid-tool-control"
            value={values.op}
            onChange={(event) => set({ op: event.target.value as Op })}
          >
            {BULK_EDIT_OPS.map((op) => (
              <option key={op} value={op}>
                {OP_LABELS[op]}
              </option>
            ))}
          </select>
        </div>
        {/* Always there (disabled unless "Set"), so choosing another change moves nothing. */}
        <div className="grid-tool-field">
          <label htmlFor={`${id}-value`}>Value</label>
          <input
            id={`${id}-value`}
            className="grid-tool-control"
            autoComplete="off"
            value={values.op === "set" ? values.value : ""}
            disabled={values.op !== "set"}
            aria-invalid={errors.value ? true : undefined}
            aria-describedby={errors.value ? `${id}-value-error` : undefined}
            onChange={(event) => set({ value: event.target.value })}
          />
          {errors.value ? (
            <p id={`${id}-value-error`} className="grid-tool-error">
              {errors.value}
            </p>
          ) : null}
        </div>
        <ScopeChoice
          name={`${id}-scope`}
          options={scopes.options}
          value={scope}
          onChange={(next) => set({ scope: next })}
        />
        <section className="grid-tool-preview" aria-label="Preview">
          <p
            className="grid-tool-preview-count"
            aria-live="polite"
            data-stale={(config && !current) || undefined}
          >
            {previewCount()}
          </p>
          {config && preview.data && preview.data.length > 0 ? (
            <DiffTable
              caption={`${fieldLabel}: the first records before and after`}
              fieldKey={values.fieldKey}
              records={preview.data}
            />
          ) : null}
        </section>
        {start.error ? (
          <p className="grid-tool-alert" role="alert">
            Could not start the bulk edit: {errorText(start.error)}
          </p>
        ) : null}
        <DialogButtons
          className="grid-tool-buttons"
          confirmClassName="grid-tool-submit"
          pending={start.isPending}
          submit
        >
          {count === undefined ? "Apply" : `Apply to ${recordsText(count)}`}
        </DialogButtons>
      </form>
    </DialogContent>
  );
}
