import { actionMount, type ActionMount } from "../store/action-mounts";
import type { StoreReader } from "../store/store";

/** The resource a job's `type` and `source` name, with what is mounted on it; undefined when there is none. */
export async function findActionMount(
  reader: StoreReader,
  type: string,
  source: string,
): Promise<ActionMount | undefined> {
  switch (type) {
    case "space": {
      const space = await reader.getSpace(source);
      return space && actionMount("space", space);
    }
    case "workbook": {
      const workbook = await reader.getWorkbook(source);
      return workbook && actionMount("workbook", workbook);
    }
    case "sheet": {
      const sheet = await reader.getSheet(source);
      return sheet && actionMount("sheet", sheet);
    }
    case "document": {
      const document = await reader.getDocument(source);
      return document && actionMount("document", document);
    }
    case "file": {
      const file = await reader.getFile(source);
      return file && actionMount("file", file);
    }
    default:
      return undefined;
  }
}
