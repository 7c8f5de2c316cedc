import { sleep } from "../kit";
import { defineAction } from "./define";

/** The rows of a CSV text (quoted fields with commas, quotes and line breaks included). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    if (row.some((value) => value !== "")) rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[i + 1] === '"') field += text[++i];
      else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ",") endField();
    else if (char === "\n") endRow();
    else if (char !== "\r") field += char;
  }
  if (field || row.length) endRow();
  return rows;
}

/** "Inspect file", a file action: downloads the file and says how many rows and columns it has, and what is empty. */
export const inspectFile = defineAction(
  "file",
  {
    operation: "inspect",
    label: "Inspect file",
    description: "Count the rows and columns of this CSV and find empty cells.",
    mode: "background",
    confirm: false,
    icon: "search",
  },
  async (job, tick, { api, signal }) => {
    const file = await api.files.get(job.source, { signal });
    await tick(30, `Downloading ${file.name}`);
    const text = await (await api.files.download(file.id, { as: "blob", signal })).text();
    await tick(70, "Reading the rows");
    await sleep(300, signal);
    const [header = [], ...rows] = parseCsv(text);
    const empty = header
      .map((column, i) => [column, rows.filter((row) => !row[i]).length] as const)
      .filter(([, count]) => count > 0)
      .map(([column, count]) => `${column} (${count})`);
    return {
      heading: file.name,
      message:
        `${rows.length} rows, ${header.length} columns: ${header.join(", ")}.\n` +
        (empty.length ? `Empty cells in ${empty.join(", ")}.` : "No empty cells."),
      acknowledge: true,
    };
  },
);
