import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../lib/api-context";
import { spaceQueryOptions } from "../../spaces/api/spaces-query-options";
import { documentsQueryOptions } from "./documents-query-options";
import { filesQueryOptions } from "./files-query-options";
import { workbooksQueryOptions } from "./workbooks-query-options";

/** What the space view shows: the space, its workbooks (with sheets), documents and files. */
export function useSpaceResources(spaceId: string) {
  const api = useApi();
  return {
    space: useQuery(spaceQueryOptions(api, spaceId)),
    workbooks: useQuery(workbooksQueryOptions(api, spaceId)),
    documents: useQuery(documentsQueryOptions(api, spaceId)),
    files: useQuery(filesQueryOptions(api, spaceId)),
  };
}
