import { parseBlocks, type Block, type Inline } from "../markdown-blocks";

function InlineText({ content }: { content: Inline[] }) {
  return content.map((part, index) => {
    switch (part.kind) {
      case "strong":
        return <strong key={index}>{part.text}</strong>;
      case "em":
        return <em key={index}>{part.text}</em>;
      case "code":
        return <code key={index}>{part.text}</code>;
      case "text":
        return part.text;
    }
  });
}

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case "heading": {
      // The document's title is the page's h1, so its headings start one level lower.
      const Heading = (["h2", "h3", "h4", "h5", "h6", "h6"] as const)[block.level - 1] ?? "h6";
      return (
        <Heading>
          <InlineText content={block.content} />
        </Heading>
      );
    }
    case "paragraph":
      return (
        <p>
          <InlineText content={block.content} />
        </p>
      );
    case "list":
      return (
        <ul>
          {block.items.map((item, index) => (
            <li key={index}>
              <InlineText content={item} />
            </li>
          ))}
        </ul>
      );
    case "table":
      return (
        <div className="document-table-scroll">
          <table className="document-table">
            <thead>
              <tr>
                {block.head.map((cell, index) => (
                  <th key={index} scope="col">
                    <InlineText content={cell} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {row.map((cell, index) => (
                    <td key={index}>
                      <InlineText content={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case "code":
      return <pre className="document-code">{block.text}</pre>;
  }
}

/** A document's markdown body as text elements: never as HTML. */
export function DocumentBody({ body }: { body: string }) {
  return (
    <div className="document-body">
      {parseBlocks(body).map((block, index) => (
        <BlockView key={index} block={block} />
      ))}
    </div>
  );
}
