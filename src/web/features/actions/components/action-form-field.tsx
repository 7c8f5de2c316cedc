import { useId } from "react";
import type { InputField } from "../../../../core";
import { RadioGroup, RadioGroupItem } from "../../../components/ui/radio-group";
import type { RawValue } from "../action-form-values";

/** Enums with more options than this are a select instead of radio buttons. */
const MAX_RADIOS = 5;

const ids = (...list: (string | false | undefined)[]) => list.filter(Boolean).join(" ") || undefined;

/**
 * One field of an action's form: its label, description and control, and the error found at submit. The control
 * carries `aria-invalid` and is described by the description and the error, so a screen reader reads both.
 */
export function ActionFormField({
  field,
  value,
  error,
  onChange,
}: {
  field: InputField;
  value: RawValue | undefined;
  error: string | undefined;
  onChange: (value: RawValue) => void;
}) {
  const id = useId();
  const controlId = `${id}-control`;
  const descriptionId = field.description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const required = field.constraints?.some((constraint) => constraint.type === "required") ?? false;
  const email = field.constraints?.some((constraint) => constraint.type === "email") ?? false;
  const aria = {
    "aria-invalid": error ? true : undefined,
    "aria-required": required || undefined,
    "aria-describedby": ids(descriptionId, errorId),
  } as const;
  const text = typeof value === "string" ? value : "";
  const label = (
    <>
      {field.label}
      {required ? (
        <span className="form-required" aria-hidden="true">
          {" "}
          *
        </span>
      ) : null}
    </>
  );
  const description = field.description ? (
    <p id={descriptionId} className="form-description">
      {field.description}
    </p>
  ) : null;
  const errorLine = error ? (
    <p id={errorId} className="form-error">
      {error}
    </p>
  ) : null;

  if (field.type === "boolean") {
    return (
      <div
        className="form-field"
        data-field={field.key}
        data-type="boolean"
        data-invalid={error ? true : undefined}
      >
        <div className="form-check">
          <input
            id={controlId}
            type="checkbox"
            checked={value === true}
            onChange={(event) => onChange(event.target.checked)}
            {...aria}
          />
          <label htmlFor={controlId}>{label}</label>
        </div>
        {description}
        {errorLine}
      </div>
    );
  }

  if (field.type === "enum") {
    const options = field.config?.options ?? [];
    if (options.length <= MAX_RADIOS) {
      const legendId = `${id}-legend`;
      return (
        <fieldset
          className="form-field"
          data-field={field.key}
          data-type="enum"
          data-invalid={error ? true : undefined}
        >
          <legend id={legendId}>{label}</legend>
          {description}
          <RadioGroup
            className="form-choices"
            value={text}
            onValueChange={onChange}
            aria-labelledby={legendId}
            {...aria}
          >
            {options.map((option, index) => {
              const optionId = `${id}-option-${index}`;
              const optionDescriptionId = option.description ? `${optionId}-description` : undefined;
              return (
                <div className="form-choice" key={index}>
                  <RadioGroupItem
                    id={optionId}
                    value={String(index)}
                    // Named by the option's label only; its description describes it.
                    aria-labelledby={`${optionId}-label`}
                    aria-describedby={optionDescriptionId}
                  />
                  <label htmlFor={optionId} className="form-choice-text">
                    <span id={`${optionId}-label`} className="form-choice-label">
                      {option.label ?? String(option.value)}
                    </span>
                    {option.description ? (
                      <span id={optionDescriptionId} className="form-choice-description">
                        {option.description}
                      </span>
                    ) : null}
                  </label>
                </div>
              );
            })}
          </RadioGroup>
          {errorLine}
        </fieldset>
      );
    }
    const chosen = options[Number(text)];
    const chosenId = chosen?.description ? `${id}-chosen` : undefined;
    return (
      <div
        className="form-field"
        data-field={field.key}
        data-type="enum"
        data-invalid={error ? true : undefined}
      >
        <label htmlFor={controlId}>{label}</label>
        {description}
        <select
          id={controlId}
          className="form-control"
          value={text}
          onChange={(event) => onChange(event.target.value)}
          {...aria}
          aria-describedby={ids(descriptionId, chosenId, errorId)}
        >
          <option value="">Choose…</option>
          {options.map((option, index) => (
            <option key={index} value={String(index)}>
              {option.label ?? String(option.value)}
            </option>
          ))}
        </select>
        {chosen?.description ? (
          <p id={chosenId} className="form-description">
            {chosen.description}
          </p>
        ) : null}
        {errorLine}
      </div>
    );
  }

  return (
    <div
      className="form-field"
      data-field={field.key}
      data-type={field.type}
      data-invalid={error ? true : undefined}
    >
      <label htmlFor={controlId}>{label}</label>
      {description}
      {field.type === "textarea" ? (
        <textarea
          id={controlId}
          className="form-control"
          rows={3}
          value={text}
          onChange={(event) => onChange(event.target.value)}
          {...aria}
        />
      ) : (
        <input
          id={controlId}
          className="form-control"
          // A number field is a text box with a numeric keyboard: what was typed stays visible and, when it is not a
          // number, is reported at the field (a type="number" box reports unreadable text as empty).
          type="text"
          inputMode={field.type === "number" ? "decimal" : email ? "email" : undefined}
          autoComplete={email ? "email" : "off"}
          value={text}
          onChange={(event) => onChange(event.target.value)}
          {...aria}
        />
      )}
      {errorLine}
    </div>
  );
}
