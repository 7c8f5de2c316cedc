import type { ReactNode } from "react";
import { useBlockingJobs } from "../api/use-blocking-jobs";
import { JobOverlay } from "./job-overlay";

/**
 * The part of the page that shows one resource (a workbook's sheets, a document, a file). While a foreground job of
 * the resource runs, its overlay covers this region only: the header, the sidebar and the jobs panel stay usable.
 * One overlay at a time: it stays with the first job, and says how many more wait behind it.
 */
export function BlockingRegion({
  spaceId,
  resourceIds,
  children,
}: {
  spaceId: string;
  resourceIds: readonly string[];
  children: ReactNode;
}) {
  const { foreground, waiting } = useBlockingJobs(spaceId, resourceIds);
  return (
    <div className="blocking-region" data-blocked={foreground ? true : undefined}>
      {/* inert keeps keyboard and screen-reader users out of what the overlay covers */}
      <div className="blocking-region-content" inert={foreground ? true : undefined}>
        {children}
      </div>
      {foreground ? <JobOverlay job={foreground} waiting={waiting} /> : null}
    </div>
  );
}
