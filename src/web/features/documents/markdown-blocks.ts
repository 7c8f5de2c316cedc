/**
 * A document body read as the little markdown documents use: headings, paragraphs, lists, tables and fenced code,
 * with bold, emphasis and code inside. The result is data that the page renders as React elements, so nothing in a
 * body is ever interpreted as HTML; anything else shows as the text it is.
 */
export type Inline = { kind: "text" | "strong" | "em" | "code"; text: string };

export type Block =
  | { kind: "heading"; level: number; content: Inline[] }
  | { kind: "paragraph"; content: Inline[] }
  | { kind: "list"; items: Inline[][] }
  | { kind: "table"; head: Inline[][]; rows: Inline[][][] }
  | { kind: "code"; text: string };

const INLINE = /(\*\*[^*]+\*\*|`[^`]+`|\*[^*\s][^*]*\*|_[^_\s][^_]*_)/;

export function parseInline(text: string): Inline[] {
  return text
    .split(INLINE)
    .filter((part) => part !== "")
    .map((part): Inline => {
      if (part.startsWith("**") && part.endsWith("**") && part.length > 4)
        return { kind: "strong", text: part.slice(2, -2) };
      if (part.startsWith("`") && part.endsWith("`") && part.length > 2)
        return { kind: "code", text: part.slice(1, -1) };
      if (/^(\*[^*].*\*|_[^_].*_)$/.test(part)) return { kind: "em", text: part.slice(1, -1) };
      return { kind: "text", text: part };
    });
}

const cells = (line: string) =>
  line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split("|")
    .map((cell) => parseInline(cell.trim()));

const isRule = (line: string) => /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/.test(line.trim());
const LIST_ITEM = /^\s*[-*+]\s+/;

function toBlock(lines: string[]): Block {
  const first = lines[0] ?? "";
  const heading = /^(#{1,6})\s+(.*)$/.exec(first);
  if (heading && lines.length === 1)
    return { kind: "heading", level: heading[1]!.length, content: parseInline(heading[2]!) };
  if (LIST_ITEM.test(first)) {
    const items: string[] = [];
    for (const line of lines) {
      if (LIST_ITEM.test(line)) items.push(line.replace(LIST_ITEM, ""));
      else items[items.length - 1] += ` ${line.trim()}`;
    }
    return { kind: "list", items: items.map(parseInline) };
  }
  if (lines.every((line) => line.trim().startsWith("|"))) {
    const [head = "", ...rest] = lines;
    return { kind: "table", head: cells(head), rows: rest.filter((line) => !isRule(line)).map(cells) };
  }
  return { kind: "paragraph", content: parseInline(lines.map((line) => line.trim()).join(" ")) };
}

export function parseBlocks(body: string): Block[] {
  const blocks: Block[] = [];
  let lines: string[] = [];
  const flush = () => {
    if (lines.length) blocks.push(toBlock(lines));
    lines = [];
  };
  const all = body.replace(/\r\n?/g, "\n").split("\n");
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    if (line.trim().startsWith("```")) {
      flush();
      const code: string[] = [];
      while (++i < all.length && !all[i]!.trim().startsWith("```")) code.push(all[i]!);
      blocks.push({ kind: "code", text: code.join("\n") });
    } else if (line.trim() === "") {
      flush();
    } else if (/^#{1,6}\s/.test(line)) {
      // A heading ends the block before it and stands alone.
      flush();
      lines = [line];
      flush();
    } else {
      lines.push(line);
    }
  }
  flush();
  return blocks;
}
