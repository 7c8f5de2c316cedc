import { useQueries } from "@tanstack/react-query";
import { useMemo } from "react";
import { useApi } from "../../../lib/api-context";
import { spaceQueryOptions } from "../../spaces";

/**
 * The names of the given spaces by id, through each space's own query (shared with the space's pages and kept current
 * by the spaces' live handler). A space without a name, or not loaded yet, shows as its id: better than nothing for
 * telling two apart.
 */
export function useSpaceNames(spaceIds: readonly string[]): ReadonlyMap<string, string> {
  const api = useApi();
  const queries = useQueries({ queries: spaceIds.map((spaceId) => spaceQueryOptions(api, spaceId)) });
  const stamp = queries.map((query) => query.dataUpdatedAt).join();
  return useMemo(
    () => new Map(spaceIds.map((spaceId, i) => [spaceId, queries[i]?.data?.name || spaceId])),
    // `queries` is a new array on every render; the ids and the data's update times say when it changed.
    [spaceIds.join(), stamp],
  );
}
