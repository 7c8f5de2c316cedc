import Papa from "papaparse";
import { type ByteReader, Pacer } from "./byte-reader";
import { ExtractError, formatCount } from "./extract-error";
import type { ExtractEvent, ExtractFormat } from "./extract-events";
import type { ExtractLimits } from "./extract-limits";
import { TableBuilder } from "./table-builder";
import { createTextDecoding, sniffEncoding } from "./text-encoding";

/** Bytes looked at to tell the encoding, the delimiter and the line break. */
const SAMPLE_BYTES = 64 * 1024;
const DELIMITERS = [",", ";", "\t", "|"] as const;

/** CSV or TSV (any of DELIMITERS, sniffed unless the format is TSV) as one table. */
export async function* readDelimited(
  reader: ByteReader,
  context: { format: ExtractFormat; tableName: string; limits: ExtractLimits; headerRow?: number },
): AsyncGenerator<ExtractEvent, void, undefined> {
  const sample = await reader.peek(SAMPLE_BYTES);
  if (sample.byteLength === 0) throw new ExtractError("The file is empty.");
  const complete = sample.byteLength < SAMPLE_BYTES;
  const sniffed = sniffEncoding(sample, complete);
  const sampleDecoding = createTextDecoding(sniffed);
  let sampleText = sampleDecoding.decode(sample) + (complete ? sampleDecoding.end() : "");
  const newline = guessNewline(sampleText);
  if (!complete) sampleText = sampleText.slice(0, Math.max(0, sampleText.lastIndexOf(newline)));
  const delimiter = context.format === "tsv" ? "\t" : guessDelimiter(sampleText, newline);

  const out: ExtractEvent[] = [];
  const builder = new TableBuilder(
    { name: context.tableName, index: 0, format: context.format, encoding: sniffed.encoding, delimiter },
    context.limits,
    out,
    context.headerRow,
  );
  const parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
  const decoding = createTextDecoding(sniffed);
  const pacer = new Pacer();
  // The start of a row that the chunk's end cut (maybe inside a quoted field): parsed again with the next chunk.
  let pending = "";
  for (let chunk = await reader.read(); chunk; chunk = await reader.read()) {
    const text = pending + decoding.decode(chunk);
    const result = parser.parse(text, 0, true);
    for (const row of result.data as string[][]) builder.row(row);
    pending = text.slice(result.meta.cursor);
    if (pending.length > context.limits.maxCellChars * 2) {
      throw new ExtractError(
        `Row ${formatCount(builder.nextRowNumber)} goes on for more than ${formatCount(pending.length)} characters: it has a cell longer than the ${formatCount(context.limits.maxCellChars)} characters supported, or a quote that is never closed.`,
      );
    }
    yield* out.splice(0);
    await pacer.breathe();
  }
  const rest = pending + decoding.end();
  if (rest.length > 0) for (const row of parser.parse(rest, 0, false).data as string[][]) builder.row(row);
  if (!builder.end()) throw new ExtractError("The file has no header row: it holds no values.");
  yield* out.splice(0);
}

/** The first line break decides; quoted line breaks inside cells rarely come before the header's end. */
function guessNewline(text: string): "\r\n" | "\n" | "\r" {
  const lf = text.indexOf("\n");
  const cr = text.indexOf("\r");
  if (cr === -1 || (lf !== -1 && lf < cr)) return "\n";
  return text[cr + 1] === "\n" ? "\r\n" : "\r";
}

/**
 * The delimiter that splits the most sampled rows into the same number (2 or more) of fields, then the one giving more
 * fields: "1,5" in a semicolon file splits some rows on commas, but not consistently. Quotes are honoured.
 */
function guessDelimiter(text: string, newline: "\r\n" | "\n" | "\r"): string {
  let best: { delimiter: string; rows: number; fields: number } = { delimiter: ",", rows: 0, fields: 0 };
  for (const delimiter of DELIMITERS) {
    const { data } = Papa.parse<string[]>(text, {
      delimiter,
      newline,
      preview: 30,
      skipEmptyLines: "greedy",
    });
    const counts = new Map<number, number>();
    for (const row of data) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
    for (const [fields, rows] of counts) {
      if (fields < 2) continue;
      if (rows > best.rows || (rows === best.rows && fields > best.fields))
        best = { delimiter, rows, fields };
    }
  }
  return best.delimiter;
}
