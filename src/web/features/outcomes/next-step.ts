import {
  assertExhaustive,
  isSafeOutcomeUrl,
  isSafeQuery,
  isSafeRelativePath,
  type JobOutcomeNext,
  type RestoreOptions,
} from "../../../core";
import { spacePath } from "../../lib/paths";

/**
 * What the dashboard does with an outcome's `next`, decided once from the outcome alone (the component only renders
 * it). Every URL is checked again with core's rule before it may become a link: a value written straight into the
 * database that the API would have refused becomes `unsafe` and is never rendered as a link.
 */
export type NextStep =
  /** A page of this app: `/space/{id}/{path}?{query}`. */
  | { kind: "navigate"; to: string; label: string }
  /** Another site, in a new tab. */
  | { kind: "external"; href: string; label: string }
  /** A download: a real one (with `fileName`) on this origin, a new tab on another (browsers ignore `download` there). */
  | { kind: "download"; href: string; fileName: string | undefined; sameOrigin: boolean; label: string }
  /** Files stored here, each downloaded through a signed link. */
  /** Each file's `label` is its button's text. */
  | { kind: "files"; files: { fileId: string; label: string }[]; label: string }
  | { kind: "snapshot"; sheetId: string; snapshotId: string; label: string }
  /** A destructive job's Undo: restores the snapshot with `restore` (which changes since it to undo). */
  | { kind: "undo"; sheetId: string; snapshotId: string; restore: RestoreOptions; label: string }
  | { kind: "view"; sheetId: string; hiddenColumns: string[]; label: string }
  | { kind: "retry"; label: string }
  | { kind: "clearFilters"; sheetIds: string[] | undefined; label: string }
  | { kind: "wait"; fade: boolean; confetti: boolean }
  /** A next step whose address breaks the URL rule: shown as text, never as a link. */
  | { kind: "unsafe"; label: string; reason: string };

const DEFAULT_LABELS = {
  id: "Open",
  url: "Open link",
  download: "Download",
  files: "Download files",
  snapshot: "View snapshot",
  undo: "Undo",
  view: "Show the view",
  retry: "Retry",
  clearFilters: "Clear filters",
} as const;

const labelOf = (next: { label?: string | undefined }, fallback: string) => next.label?.trim() || fallback;

/** The app path of a `next: {type: "id"}`: the space's page at `path`, with `query`. */
function spacePagePath(spaceId: string, path?: string, query?: string): string {
  const rest = path ? `/${path.replace(/^\/+/, "")}` : "";
  const search = query ? `?${query.replace(/^\?/, "")}` : "";
  return spacePath(spaceId) + rest + search;
}

/** Resolves an outcome's `next` against the page's origin; undefined when there is none. */
export function resolveNextStep(next: JobOutcomeNext | undefined, origin: string): NextStep | undefined {
  if (!next) return undefined;
  switch (next.type) {
    case "id": {
      const label = labelOf(next, DEFAULT_LABELS.id);
      if ((next.path && !isSafeRelativePath(next.path)) || (next.query && !isSafeQuery(next.query)))
        return { kind: "unsafe", label, reason: "The link leaves the space" };
      return { kind: "navigate", to: spacePagePath(next.id, next.path, next.query), label };
    }
    case "url": {
      const label = labelOf(next, DEFAULT_LABELS.url);
      if (!isSafeOutcomeUrl(next.url))
        return { kind: "unsafe", label, reason: "The link's address is not allowed" };
      return { kind: "external", href: new URL(next.url, origin).href, label };
    }
    case "download": {
      const label = labelOf(next, DEFAULT_LABELS.download);
      if (!isSafeOutcomeUrl(next.url))
        return { kind: "unsafe", label, reason: "The download's address is not allowed" };
      const url = new URL(next.url, origin);
      return {
        kind: "download",
        href: url.href,
        fileName: next.fileName,
        sameOrigin: url.origin === origin,
        label,
      };
    }
    case "files": {
      const label = labelOf(next, next.files.length === 1 ? "Download file" : DEFAULT_LABELS.files);
      // One file: the step's label says what the button does ("Download the CSV"), else the file's. Several: each
      // file's own label tells them apart, else the step's with a number.
      const only = next.files.length === 1;
      return {
        kind: "files",
        files: next.files.map((file, index) => ({
          fileId: file.fileId,
          label: only
            ? next.label?.trim() || file.label?.trim() || label
            : file.label?.trim() || `${label} (${index + 1})`,
        })),
        label,
      };
    }
    case "snapshot":
      if (next.restore)
        return {
          kind: "undo",
          sheetId: next.sheetId,
          snapshotId: next.snapshotId,
          restore: { ...next.restore },
          label: labelOf(next, DEFAULT_LABELS.undo),
        };
      return {
        kind: "snapshot",
        sheetId: next.sheetId,
        snapshotId: next.snapshotId,
        label: labelOf(next, DEFAULT_LABELS.snapshot),
      };
    case "view":
      return {
        kind: "view",
        sheetId: next.sheetId,
        hiddenColumns: [...next.hiddenColumns],
        label: labelOf(next, DEFAULT_LABELS.view),
      };
    case "retry":
      return { kind: "retry", label: labelOf(next, DEFAULT_LABELS.retry) };
    case "clearFilters":
      return {
        kind: "clearFilters",
        sheetIds: next.sheetIds,
        label: labelOf(next, DEFAULT_LABELS.clearFilters),
      };
    case "wait":
      return { kind: "wait", fade: next.fade ?? false, confetti: next.confetti ?? false };
    default:
      return assertExhaustive(next);
  }
}
