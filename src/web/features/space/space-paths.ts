const id = encodeURIComponent;

export const spacePath = (spaceId: string) => `/space/${id(spaceId)}`;
export const workbookPath = (spaceId: string, workbookId: string) =>
  `${spacePath(spaceId)}?workbook=${id(workbookId)}`;
export const sheetPath = (spaceId: string, workbookId: string, sheetId: string) =>
  `${spacePath(spaceId)}/workbook/${id(workbookId)}/sheet/${id(sheetId)}`;
