import { createElement } from "react";
import { loadJobDetailPage } from "../features/jobs";

/**
 * The job detail page with the actions feature's "Run again with changes" in it. The actions feature starts jobs
 * through the jobs feature, so the page cannot import the button itself: app/ hands it in. The actions index is
 * fetched with the page, never with the first page.
 */
export async function loadJobDetailRoute() {
  const [{ JobDetailPage }, { RerunJobButton }] = await Promise.all([
    loadJobDetailPage(),
    import("../features/actions"),
  ]);
  return {
    JobDetailPage: function JobDetailRoute() {
      return createElement(JobDetailPage, { RerunButton: RerunJobButton });
    },
  };
}
