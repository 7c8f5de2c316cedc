export { ActionIcon } from "./components/action-icon";
export { DocumentActions } from "./components/document-actions";
export { FileActionsMenu } from "./components/file-actions-menu";
export { SheetActions } from "./components/sheet-actions";
export { WorkbookActions } from "./components/workbook-actions";
export { RerunJobButton } from "./components/rerun-job-button";
