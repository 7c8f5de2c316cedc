export { createClient } from "./create-client";
export { responsesAsSent, type ResponseReader } from "./response-reader";
export {
  createApiClient,
  type ApiClient,
  type CreateJobInput,
  type FindAndReplaceInput,
  type QueryOf,
  type UploadFileInput,
} from "./client";
export {
  ApiError,
  AuthError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnexpectedResponseError,
  ValidationError,
  type ApiErrorItem,
} from "./errors";
export {
  apiUrl,
  type ClientOptions,
  type Page,
  type QueryValue,
  type RequestOptions,
  type TokenSource,
  type UploadOptions,
  type UploadProgressHandler,
} from "./http";
export {
  DeleteRecordsResult,
  DeleteResult,
  DiffRecord,
  FindAndReplacePreview,
  FindAndReplaceResult,
  HealthResult,
  RecordsResult,
  SheetCountsResult,
  SnapshotDiff,
  ValidateSheetResult,
  type RestoreOptions,
} from "./responses";
