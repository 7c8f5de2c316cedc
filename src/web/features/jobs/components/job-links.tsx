import { useQuery } from "@tanstack/react-query";
import { Link } from "../../../lib/router";
import { useApi } from "../../../lib/api-context";
import type { Job } from "../../../lib/api-types";
import { jobPath } from "../../../lib/paths";
import { RelativeTime } from "../../../components/ui/relative-time";
import { jobKeys, rerunsQueryOptions, successorsQueryOptions } from "../api/jobs-query-options";
import { statusLabel } from "../job-text";
import "../job-detail-tools.css";

/** More parts than this are rare; the first ones are listed, with how many there are in all. */
const PARTS_SHOWN = 100;

const partsQueryKey = (jobId: string) => [...jobKeys.all, "parts", jobId] as const;

/**
 * The jobs this one is tied to, as links: its parent (for a part), its parts (for a split job; read with `GET /jobs`'s
 * `parentId` filter), the jobs it waited for and those that wait or waited for it (the `predecessorId` filter), the
 * job it runs again (`rerunOf`) and the jobs that run it again (the `rerunOf` filter). Nothing at all for a job tied
 * to none.
 */
export function JobLinks({ job, spaceId }: { job: Job; spaceId: string }) {
  const api = useApi();
  const parts = useQuery({
    queryKey: partsQueryKey(job.id),
    queryFn: async ({ signal }) =>
      api.jobs.list({ parentId: job.id, pageSize: PARTS_SHOWN, sortDirection: "asc" }, { signal }),
  });
  const reruns = useQuery(rerunsQueryOptions(api, job.id)).data?.data ?? [];
  const successors = useQuery(successorsQueryOptions(api, job.id)).data?.data ?? [];
  const predecessors = job.predecessorIds ?? [];
  const children = parts.data?.data ?? [];
  const tied =
    job.parentId ||
    job.rerunOf ||
    predecessors.length + successors.length + children.length + reruns.length > 0;
  if (!tied) return null;
  const to = (id: string) => jobPath(job.spaceId ?? spaceId, id);
  return (
    <section className="job-detail-section" aria-labelledby="job-links" data-slot="job-links">
      <h2 id="job-links">Related jobs</h2>
      <dl className="job-links">
        {job.parentId ? (
          <>
            <dt>Part {job.part ?? ""} of</dt>
            <dd>
              <Link to={to(job.parentId)} data-slot="job-parent-link">
                {job.parentId}
              </Link>
            </dd>
          </>
        ) : null}
        {children.length > 0 ? (
          <>
            <dt>Parts</dt>
            <dd>
              <ul aria-label="Parts">
                {children.map((part) => (
                  <li key={part.id}>
                    <Link to={to(part.id)} data-slot="job-part-link">
                      {part.part === undefined ? part.id : `Part ${part.part}`}
                    </Link>{" "}
                    <span className="muted">({statusLabel(part)})</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {predecessors.length > 0 ? (
          <>
            <dt>Waited for</dt>
            <dd>
              <ul aria-label="Predecessors">
                {predecessors.map((id) => (
                  <li key={id}>
                    <Link to={to(id)} data-slot="job-predecessor-link">
                      {id}
                    </Link>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {successors.length > 0 ? (
          <>
            <dt>Waited on by</dt>
            <dd>
              <ul aria-label="Waited on by">
                {successors.map((successor) => (
                  <li key={successor.id}>
                    <Link to={to(successor.id)} data-slot="job-successor-link">
                      {successor.id}
                    </Link>{" "}
                    <span className="muted">({statusLabel(successor)})</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {job.rerunOf ? (
          <>
            <dt>Run again from</dt>
            <dd>
              <Link to={to(job.rerunOf)} data-slot="job-rerun-of-link">
                {job.rerunOf}
              </Link>
            </dd>
          </>
        ) : null}
        {reruns.length > 0 ? (
          <>
            <dt>Run again as</dt>
            <dd>
              <ul aria-label="Run again as">
                {reruns.map((rerun) => (
                  <li key={rerun.id}>
                    <Link to={to(rerun.id)} data-slot="job-rerun-link">
                      {rerun.id}
                    </Link>{" "}
                    <span className="muted">
                      (<RelativeTime at={rerun.createdAt} />)
                    </span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
