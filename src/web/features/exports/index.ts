export { DownloadAllSheetsButton } from "./components/download-all-sheets-button";
export { DownloadCsvButton } from "./components/download-csv-button";
export { DIRECT_DOWNLOAD_ROWS, exportOptionsOf, type ShownRecords } from "./export-options";
