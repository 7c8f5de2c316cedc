import { spacePath } from "../space/space-paths";

export const documentPath = (spaceId: string, documentId: string) =>
  `${spacePath(spaceId)}/document/${encodeURIComponent(documentId)}`;
