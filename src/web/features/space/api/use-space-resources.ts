import { useQuery } from "@tanstack/react-query";
import { useApi } from "../../../lib/api-context";
import {
  documentsQueryOptions,
  filesQueryOptions,
  spaceQueryOptions,
  workbooksQueryOptions,
} from "../../spaces";

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
