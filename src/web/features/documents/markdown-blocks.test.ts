import { describe, expect, it } from "vitest";
import { parseBlocks, parseInline } from "./markdown-blocks";

describe("parseBlocks", () => {
  it("reads headings, paragraphs, lists with continued items and tables", () => {
    const blocks = parseBlocks(
      [
        "# Welcome",
        "First line",
        "second line.",
        "",
        "- **Export** runs",
        "  for a while",
        "- *Submit* asks",
        "",
        "| Status | Contacts |",
        "| --- | ---: |",
        "| new | 3 |",
      ].join("\n"),
    );
    expect(blocks.map((block) => block.kind)).toEqual(["heading", "paragraph", "list", "table"]);
    expect(blocks[1]).toEqual({
      kind: "paragraph",
      content: [{ kind: "text", text: "First line second line." }],
    });
    expect(blocks[2]).toMatchObject({
      items: [
        [
          { kind: "strong", text: "Export" },
          { kind: "text", text: " runs for a while" },
        ],
        [
          { kind: "em", text: "Submit" },
          { kind: "text", text: " asks" },
        ],
      ],
    });
    expect(blocks[3]).toMatchObject({ kind: "table", rows: [[[{ text: "new" }], [{ text: "3" }]]] });
  });

  it("keeps markup that is not markdown as plain text", () => {
    expect(parseInline('<img src=x onerror="alert(1)"> `code`')).toEqual([
      { kind: "text", text: '<img src=x onerror="alert(1)"> ' },
      { kind: "code", text: "code" },
    ]);
  });
});
