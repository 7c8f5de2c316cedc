import { useRef, useState, type KeyboardEvent } from "react";
import type { CellScalar } from "../../../../core";
import type { SheetField } from "../../../lib/api-types";

/** Where focus goes after a commit: stay (Enter), the next cell (Tab), the previous one (Shift+Tab), or where the user moved it (blur). */
export type CommitMove = "stay" | "next" | "previous" | "blur";

const asText = (value: CellScalar | undefined) =>
  value === undefined || value === null ? "" : typeof value === "boolean" ? String(value) : String(value);

/** What the typed text means for the field; the server validates it and says what is wrong. */
function parse(field: SheetField, text: string): CellScalar {
  if (text.trim() === "") return null;
  if (field.type === "number") {
    const number = Number(text.trim());
    return Number.isFinite(number) ? number : text;
  }
  return text;
}

/**
 * The input that edits one cell, fitting the field's type: text (string, date as YYYY-MM-DD), number, a checkbox
 * (boolean) or a select of the options' labels (enum). Enter or Tab saves, Escape cancels, leaving the cell saves.
 */
export function CellEditor({
  field,
  value,
  label,
  onCommit,
  onCancel,
}: {
  field: SheetField;
  value: CellScalar | undefined;
  /** The accessible name of the input ("Email, row 3"). */
  label: string;
  onCommit: (value: CellScalar, move: CommitMove) => void;
  onCancel: () => void;
}) {
  const done = useRef(false);
  const [text, setText] = useState(() => asText(value));
  const [checked, setChecked] = useState(() => value === true);
  const options = field.config?.options ?? [];
  const current = (): CellScalar => {
    if (field.type === "boolean") return checked;
    if (field.type === "enum") {
      if (text === "") return null;
      return options.find((option) => String(option.value) === text)?.value ?? text;
    }
    return parse(field, text);
  };
  const finish = (commit: boolean, move: CommitMove = "stay") => {
    if (done.current) return;
    done.current = true;
    if (commit) onCommit(current(), move);
    else onCancel();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    // The grid does not move while a cell is edited.
    event.stopPropagation();
    if (event.key === "Escape") {
      event.preventDefault();
      finish(false);
    } else if (event.key === "Enter") {
      event.preventDefault();
      finish(true);
    } else if (event.key === "Tab") {
      event.preventDefault();
      finish(true, event.shiftKey ? "previous" : "next");
    }
  };
  const common = {
    "aria-label": label,
    autoFocus: true,
    className: "cell-editor",
    "data-slot": "cell-editor",
    onKeyDown,
    onBlur: () => finish(true, "blur"),
  };
  if (field.type === "boolean") {
    return (
      <input
        {...common}
        type="checkbox"
        checked={checked}
        onChange={(event) => setChecked(event.target.checked)}
      />
    );
  }
  if (field.type === "enum") {
    const known = text === "" || options.some((option) => String(option.value) === text);
    return (
      <select {...common} value={text} onChange={(event) => setText(event.target.value)}>
        <option value="">(empty)</option>
        {known ? null : <option value={text}>{text} (not an option)</option>}
        {options.map((option) => (
          <option key={String(option.value)} value={String(option.value)}>
            {option.label ?? String(option.value)}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      {...common}
      type="text"
      inputMode={field.type === "number" ? "decimal" : undefined}
      placeholder={field.type === "date" ? "YYYY-MM-DD" : undefined}
      value={text}
      onChange={(event) => setText(event.target.value)}
      onFocus={(event) => event.target.select()}
    />
  );
}
