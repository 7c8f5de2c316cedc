import type { FileMode } from "../../core";

/**
 * Every address of the dashboard under `/space/:spaceId` (the routes of app/router.tsx), in one place: pages link to
 * each other's views without knowing how another feature spells its URL.
 */
const id = encodeURIComponent;

export const spacePath = (spaceId: string) => `/space/${id(spaceId)}`;

export const workbookPath = (spaceId: string, workbookId: string) =>
  `${spacePath(spaceId)}?workbook=${id(workbookId)}`;

export const sheetPath = (spaceId: string, workbookId: string, sheetId: string) =>
  `${spacePath(spaceId)}/workbook/${id(workbookId)}/sheet/${id(sheetId)}`;

/** A sheet named by its id alone (as outcomes name it): the router sends it on to its page under its workbook. */
export const sheetByIdPath = (spaceId: string, sheetId: string) =>
  `${spacePath(spaceId)}/sheets/${id(sheetId)}`;

/**
 * A sheet's snapshots (`/space/:spaceId/sheets/:sheetId/snapshots`), or one snapshot compared with the sheet now
 * when `snapshotId` is given: where an outcome's `next: {type: "snapshot"}` leads.
 */
export const snapshotPath = (spaceId: string, sheetId: string, snapshotId?: string) =>
  `${sheetByIdPath(spaceId, sheetId)}/snapshots${snapshotId === undefined ? "" : `/${id(snapshotId)}`}`;

export const documentPath = (spaceId: string, documentId: string) =>
  `${spacePath(spaceId)}/document/${id(documentId)}`;

/** The space's files page, optionally showing one mode only. */
export const filesPath = (spaceId: string, mode?: FileMode) =>
  `${spacePath(spaceId)}/files${mode ? `?mode=${mode}` : ""}`;

/** The Files page with one file picked out (the sidebar's file links). */
export const filePath = (spaceId: string, fileId: string) =>
  `${spacePath(spaceId)}/files?file=${encodeURIComponent(fileId)}`;

/** The space's jobs table. */
export const jobsPath = (spaceId: string) => `${spacePath(spaceId)}/jobs`;

/** The Metrics page of one space (users see their own space's whatever the query says). */
export const metricsPath = (spaceId: string) => `/jobs/metrics?space=${encodeURIComponent(spaceId)}`;

/** The job detail page: `/space/:spaceId/jobs/:jobId` (deep-linkable; the operator's jobs table links here too). */
export const jobPath = (spaceId: string, jobId: string) => `${jobsPath(spaceId)}/${id(jobId)}`;

/** The mapping screen of one import (a `workbook:map` job): `/space/:spaceId/imports/:jobId`. */
export const importPath = (spaceId: string, jobId: string) => `${spacePath(spaceId)}/imports/${id(jobId)}`;
