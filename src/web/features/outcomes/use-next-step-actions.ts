import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useLocation, useNavigate } from "../../lib/router";
import { useApi } from "../../lib/api-context";
import type { Job } from "../../lib/api-types";
import { sheetByIdPath } from "../../lib/paths";
import { jobKeys } from "../jobs";
import { useHiddenColumnsStore } from "../sheets";
import { startDownload } from "./download";

/** The query keys of a sheet's filters in the URL; clearing filters removes them. */
const FILTER_PARAMS = ["filter", "q", "sort", "dir"];

/**
 * What the next-step buttons do that is more than following a link: download stored files through signed links,
 * retry the job (the overlay or the panel follows it again, since both derive from the job), apply a view (hidden
 * columns, remembered per sheet), clear a sheet's filters.
 */
export function useNextStepActions(job: Job) {
  const api = useApi();
  const client = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const hide = useHiddenColumnsStore((state) => state.hide);

  const downloadFile = useMutation({
    mutationFn: async (fileId: string) => {
      const [link, file] = await Promise.all([api.files.downloadLink(fileId), api.files.get(fileId)]);
      startDownload(link.url, file.name);
    },
  });

  const retry = useMutation({
    mutationFn: () => api.jobs.retry(job.id),
    onSuccess: () => client.invalidateQueries({ queryKey: jobKeys.all }),
  });

  const applyView = (sheetId: string, hiddenColumns: readonly string[]) => {
    hide(sheetId, hiddenColumns);
    if (job.spaceId) void navigate(sheetByIdPath(job.spaceId, sheetId));
  };

  const clearFilters = (sheetIds: readonly string[] | undefined) => {
    const onSheet =
      /\/sheet\/([^/]+)$/.exec(location.pathname)?.[1] ?? /\/sheets\/([^/]+)$/.exec(location.pathname)?.[1];
    if (onSheet && (!sheetIds || sheetIds.includes(onSheet))) {
      const params = new URLSearchParams(location.search);
      for (const key of FILTER_PARAMS) params.delete(key);
      const search = params.toString();
      void navigate({ pathname: location.pathname, search: search ? `?${search}` : "" }, { replace: true });
      return;
    }
    const target = sheetIds?.[0];
    if (target && job.spaceId) void navigate(sheetByIdPath(job.spaceId, target));
  };

  return { downloadFile, retry, applyView, clearFilters };
}
