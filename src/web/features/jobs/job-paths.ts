const id = encodeURIComponent;

/** The job detail page: `/space/:spaceId/jobs/:jobId` (deep-linkable; the operator's jobs table links here too). */
export const jobPath = (spaceId: string, jobId: string) => `/space/${id(spaceId)}/jobs/${id(jobId)}`;
