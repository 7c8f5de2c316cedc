import { useQuery } from "@tanstack/react-query";
import { useId, useRef, useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { FindAndReplaceJobConfig } from "../../../../core";
import { DialogButtons } from "../../../components/ui/dialog-buttons";
import { DialogContent, DialogDescription, DialogTitle } from "../../../components/ui/dialog";
import { useApi } from "../../../lib/api-context";
import { findReplacePreviewQueryOptions } from "../api/preview-query-options";
import { useStartRecordJob } from "../api/use-start-record-job";
import { countText, errorText } from "../error-text";
import type { ToolScope } from "../selection-config";
import type { ToolTarget } from "../tool-target";
import { useDebouncedValue } from "../../../lib/use-debounced-value";
import { useScopeOptions } from "../use-scope-options";
import { DiffTable } from "./diff-table";
import { FieldSelect } from "./field-select";
import { ScopeChoice } from "./scope-choice";

const PREVIEW_DELAY_MS = 300;
/** Rows of the preview's sample shown: enough to see what happens, few enough for a phone. */
const SAMPLE_ROWS = 5;

type Values = { fieldKey: string; find: string; replace: string; wholeCell: boolean; scope: ToolScope };
type Errors = Partial<Record<"fieldKey" | "find", string>>;

function check(values: Values): Errors {
  return {
    ...(values.fieldKey ? {} : { fieldKey: "Choose the field to search in" }),
    ...(values.find ? {} : { find: "Enter the text to find" }),
  };
}

/** "12 cells in 10 records will change", or why nothing can be said yet. */
function previewText(state: {
  counts?: { cells: number; records: number };
  pending: boolean;
  error?: unknown;
}) {
  if (state.error) return `Could not count the changes: ${errorText(state.error)}`;
  if (!state.counts) return state.pending ? "Counting the cells that will change…" : "";
  const { cells, records } = state.counts;
  if (cells === 0) return "No cell matches: nothing will change.";
  return `${countText(cells)} ${cells === 1 ? "cell" : "cells"} in ${countText(records)} ${
    records === 1 ? "record" : "records"
  } will change.`;
}

/**
 * Find and replace in one field: plain text, or the whole cell when "Match whole cell" is ticked (the find is sent
 * in double quotes, Flatfile's rule). Once the field and the text are given it shows, after a pause in typing, how
 * many cells will change and a few of them before and after; nothing is sent before the form is complete.
 */
export function FindReplaceDialog({
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
  const scopes = useScopeOptions(target, ["all", "view", "selection"], "findReplace");
  const [values, setValues] = useState<Values>({
    fieldKey: "",
    find: "",
    replace: "",
    wholeCell: false,
    scope: initialScope,
  });
  const [tried, setTried] = useState(false);
  const scope = scopes.options.some((option) => option.scope === values.scope)
    ? values.scope
    : (scopes.options[0]?.scope ?? "all");
  const set = (patch: Partial<Values>) => setValues((current) => ({ ...current, ...patch }));

  const found = check(values);
  const errors = tried ? found : {};
  const selectionPart = scopes.configOf(scope);
  const parsed =
    Object.keys(found).length === 0 && selectionPart
      ? FindAndReplaceJobConfig.safeParse({
          fieldKey: values.fieldKey,
          find: values.wholeCell ? `"${values.find}"` : values.find,
          replace: values.replace,
          ...selectionPart,
        })
      : undefined;
  const config = parsed?.success ? parsed.data : undefined;
  const previewConfig = useDebouncedValue(config, PREVIEW_DELAY_MS);
  const preview = useQuery(findReplacePreviewQueryOptions(api, sheetId, previewConfig));
  const current =
    config !== undefined &&
    JSON.stringify(previewConfig) === JSON.stringify(config) &&
    !preview.isPlaceholderData;
  const fieldLabel = fields.find((field) => field.key === values.fieldKey)?.label ?? values.fieldKey;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (start.isPending) return;
    if (Object.keys(found).length > 0) {
      flushSync(() => setTried(true));
      const first = found.fieldKey ? `${id}-field` : `${id}-find`;
      formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(first)}`)?.focus();
      return;
    }
    if (!config) return;
    start.mutate({ kind: "findReplace", source: sheetId, config }, { onSuccess: onStarted });
  };

  return (
    <DialogContent className="grid-tool-dialog" data-kind="find-replace">
      <DialogTitle>Find and replace</DialogTitle>
      <DialogDescription className="grid-tool-text">
        In one field of {target.sheet.name}. The text is matched exactly as typed, capitals included; a
        snapshot is taken first, so the change can be undone.
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
          <label htmlFor={`${id}-find`}>
            Find <span aria-hidden="true">*</span>
          </label>
          <input
            id={`${id}-find`}
            className="grid-tool-control"
            autoComplete="off"
            required
            value={values.find}
            aria-invalid={errors.find ? true : undefined}
            aria-describedby={errors.find ? `${id}-find-error` : undefined}
            onChange={(event) => set({ find: event.target.value })}
          />
          {errors.find ? (
            <p id={`${id}-find-error`} className="grid-tool-error">
              {errors.find}
            </p>
          ) : null}
        </div>
        <div className="grid-tool-check">
          <input
            id={`${id}-whole`}
            type="checkbox"
            checked={values.wholeCell}
            onChange={(event) => set({ wholeCell: event.target.checked })}
          />
          <label htmlFor={`${id}-whole`}>Match whole cell</label>
        </div>
        <div className="grid-tool-field">
          <label htmlFor={`${id}-replace`}>Replace with</label>
          <input
            id={`${id}-replace`}
            className="grid-tool-control"
            autoComplete="off"
            value={values.replace}
            onChange={(event) => set({ replace: event.target.value })}
          />
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
            {config
              ? previewText({
                  ...(preview.data ? { counts: preview.data } : {}),
                  pending: preview.isFetching,
                  error: preview.error ?? undefined,
                })
              : "Choose a field and enter the text to find to see what will change."}
          </p>
          {config && preview.data && preview.data.sample.length > 0 ? (
            <DiffTable
              caption={`${fieldLabel}: a few cells before and after`}
              fieldKey={values.fieldKey}
              records={preview.data.sample.slice(0, SAMPLE_ROWS)}
            />
          ) : null}
        </section>
        {start.error ? (
          <p className="grid-tool-alert" role="alert">
            Could not start the replace: {errorText(start.error)}
          </p>
        ) : null}
        <DialogButtons
          className="grid-tool-buttons"
          confirmClassName="grid-tool-submit"
          pending={start.isPending}
          submit
        >
          Replace
        </DialogButtons>
      </form>
    </DialogContent>
  );
}
