import { SaxesParser, type SaxesTagPlain } from "saxes";
import { ExtractError } from "./extract-error";

/** Where the decompressed bytes of one zip entry go. */
export interface EntrySink {
  write(bytes: Uint8Array): void;
  end(): void;
}

export type XmlHandlers = {
  open?: (name: string, attributes: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
  end?: () => void;
};

/**
 * Streams an entry's UTF-8 XML through saxes, calling the handlers with local names (`x:row` -> `row`: some writers
 * prefix the SpreadsheetML namespace). A syntax error is an ExtractError naming the entry.
 */
export function xmlEntry(entryName: string, handlers: XmlHandlers): EntrySink {
  const parser = new SaxesParser<{ xmlns: false; position: false }>({ xmlns: false, position: false });
  const decoder = new TextDecoder("utf-8");
  const local = (name: string) => name.slice(name.indexOf(":") + 1);
  const { open, close, text } = handlers;
  if (open) parser.on("opentag", (tag: SaxesTagPlain) => open(local(tag.name), tag.attributes));
  if (close) parser.on("closetag", (tag: SaxesTagPlain) => close(local(tag.name)));
  if (text) {
    parser.on("text", text);
    parser.on("cdata", text);
  }
  const guard = (step: () => void) => {
    try {
      step();
    } catch (error) {
      if (error instanceof ExtractError) throw error;
      throw new ExtractError(
        `The XLSX file is damaged: ${entryName} is not valid XML (${error instanceof Error ? error.message : String(error)}).`,
      );
    }
  };
  return {
    write: (bytes) => guard(() => parser.write(decoder.decode(bytes, { stream: true }))),
    end: () =>
      guard(() => {
        parser.write(decoder.decode());
        parser.close();
        handlers.end?.();
      }),
  };
}
