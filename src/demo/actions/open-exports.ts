import { spaceIdOf } from "../kit";
import { defineAction } from "./define";

/** "See exports": counts the space's exported files and links to their list (`next: id`, a page of the space). */
export const openExports = defineAction(
  "workbook",
  {
    operation: "open-exports",
    label: "See exports",
    description: "List every file exported from this space.",
    mode: "background",
    confirm: false,
    icon: "folder",
  },
  async (job, tick, { api, signal }) => {
    const spaceId = spaceIdOf(job);
    await tick(50, "Counting the exported files");
    const { pagination } = await api.files.list({ spaceId, mode: "export", pageSize: 1 }, { signal });
    return {
      heading: "Exports",
      message: `This space holds ${pagination.totalCount} exported file${pagination.totalCount === 1 ? "" : "s"}.`,
      acknowledge: true,
      next: { type: "id", id: spaceId, path: "files", query: "mode=export", label: "See all downloads" },
    };
  },
);
