import { LIMITS } from "../../../core/schemas/common";

export type ExtractColumn = {
  /** Unique in the table, a valid field key (letters, digits, `_`), derived from the label. */
  key: string;
  /** The header cell, trimmed; "Column 3" when empty; "Email (2)" for the second "Email". Unique in the table. */
  label: string;
};

const MAX_KEY = 64;

/** Column names for header cells, and for columns added later (`add`), unique by label and by key. */
export class ColumnNames {
  readonly columns: ExtractColumn[] = [];
  #labels = new Set<string>();
  #keys = new Set<string>();

  add(headerCell: string | undefined): ExtractColumn {
    const position = this.columns.length + 1;
    const label = unique(
      headerCell?.trim().slice(0, LIMITS.label - 8) || `Column ${position}`,
      this.#labels,
      (base, count) => `${base} (${count})`,
    );
    const key = unique(keyOf(label) || `column_${position}`, this.#keys, (base, count) => `${base}_${count}`);
    const column = { key, label };
    this.columns.push(column);
    return column;
  }
}

function unique(base: string, taken: Set<string>, variant: (base: string, count: number) => string): string {
  let name = base;
  for (let count = 2; taken.has(name.toLowerCase()); count++) name = variant(base, count);
  taken.add(name.toLowerCase());
  return name;
}

/** "Première Adresse e-mail" -> "premiere_adresse_e_mail"; letters outside Latin leave nothing (the caller numbers). */
function keyOf(label: string): string {
  return label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, MAX_KEY - 8);
}
