import { useRef, useState, type FormEvent } from "react";
import { flushSync } from "react-dom";
import { validateActionInput, type Action, type InputForm, type InputError } from "../../../../core";
import { DialogButtons } from "../../../components/ui/dialog-buttons";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "../../../components/ui/dialog";
import { ValidationError } from "../../../../sdk";
import { initialValues, toInput, type RawValue, type RawValues } from "../action-form-values";
import { errorText } from "../../../lib/error-text";
import { ActionFormField } from "./action-form-field";
import "../actions.css";

/** The server's complaints about single fields (`input.<key>`), should it see the input differently. */
function serverFieldErrors(error: unknown): InputError[] {
  if (!(error instanceof ValidationError)) return [];
  return error.errors.flatMap((item) =>
    item.key?.startsWith("input.") ? [{ key: item.key.slice("input.".length), message: item.message }] : [],
  );
}

/** Puts focus on the control of the field `key`: its input, or the chosen (else the first) radio button. */
function focusField(form: HTMLFormElement | null, key: string) {
  const field = [...(form?.querySelectorAll<HTMLElement>("[data-field]") ?? [])].find(
    (element) => element.dataset.field === key,
  );
  const control =
    field?.querySelector<HTMLElement>('[role="radio"][data-state="checked"]') ??
    field?.querySelector<HTMLElement>('[role="radio"], input, textarea, select');
  control?.focus();
}

/**
 * An action's input form. The values are checked with core's `validateActionInput` (the server's own rule) before
 * anything is sent: each problem shows at its field and focus goes to the first one. A refusal from the server shows
 * in the dialog and keeps what was entered. `initialInput` fills the form with what a job ran with (to run it again
 * with changes); `title` and `description` then say so instead of the action's own.
 */
export function ActionFormDialog({
  action,
  form,
  initialInput,
  title = action.label,
  description = action.description,
  pending,
  error,
  onSubmit,
  onClose,
  onCloseAutoFocus,
}: {
  action: Action;
  form: InputForm;
  initialInput?: Record<string, unknown> | undefined;
  title?: string;
  description?: string | undefined;
  pending: boolean;
  error: unknown;
  onSubmit: (input: Record<string, unknown>) => void;
  onClose: () => void;
  onCloseAutoFocus: (event: Event) => void;
}) {
  const [values, setValues] = useState<RawValues>(() => initialValues(form, initialInput));
  // Errors show once the user tried to submit, and then follow every change.
  const [tried, setTried] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const input = toInput(form, values);
  const errors = tried ? validateActionInput(form, input) : [];
  const fieldErrors = errors.length ? errors : serverFieldErrors(error);
  const errorOf = (key: string) => fieldErrors.find((item) => item.key === key)?.message;
  const generalError = error && serverFieldErrors(error).length === 0 ? errorText(error) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pending) return;
    const found = validateActionInput(form, input);
    if (found.length) {
      // Render the errors first, so the focused field already says it is invalid.
      flushSync(() => setTried(true));
      const first = form.fields.find((field) => found.some((item) => item.key === field.key));
      if (first) focusField(formRef.current, first.key);
      return;
    }
    onSubmit(input);
  };

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent
        className="action-dialog"
        data-kind="form"
        onCloseAutoFocus={onCloseAutoFocus}
        {...(description ? {} : { "aria-describedby": undefined })}
      >
        <DialogTitle>{title}</DialogTitle>
        {description ? (
          <DialogDescription className="action-dialog-text">{description}</DialogDescription>
        ) : null}
        <form ref={formRef} className="action-form" noValidate onSubmit={submit}>
          {form.fields.some((field) => field.constraints?.some((c) => c.type === "required")) ? (
            <p className="form-legend">
              Fields marked <span aria-hidden="true">*</span>
              <span className="visually-hidden">with an asterisk</span> are required.
            </p>
          ) : null}
          {form.fields.map((field) => (
            <ActionFormField
              key={field.key}
              field={field}
              value={values[field.key]}
              error={errorOf(field.key)}
              onChange={(value: RawValue) => setValues((current) => ({ ...current, [field.key]: value }))}
            />
          ))}
          {errors.length > 1 ? (
            <p className="visually-hidden" aria-live="polite">
              {errors.length} fields need attention.
            </p>
          ) : null}
          {generalError ? (
            <p className="action-alert" role="alert">
              {generalError}
            </p>
          ) : null}
          <DialogButtons
            className="action-dialog-buttons"
            confirmClassName="action-submit"
            pending={pending}
            submit
          >
            {action.label}
          </DialogButtons>
        </form>
      </DialogContent>
    </Dialog>
  );
}
