import { useEffect, useRef, useState } from "react";
import { Button } from "../../../components/ui/button";
import type { Job } from "../../../lib/api-types";
import { copyText } from "../../../lib/copy-text";

type CopyState = "idle" | "copied" | "failed";

const COPY_MESSAGES: Record<CopyState, string> = {
  idle: "",
  copied: "Copied the job's JSON",
  failed: "Could not copy: select the text and copy it by hand",
};

/**
 * The job exactly as the API answers it, folded away until asked for (it can be long): operators paste it into bug
 * reports and scripts. Copy says what happened in a live region, since the button itself barely changes.
 */
export function JobRawJson({ job }: { job: Job }) {
  const text = JSON.stringify(job, null, 2);
  const [state, setState] = useState<CopyState>("idle");
  const reset = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(reset.current), []);

  const copy = async () => {
    const copied = await copyText(text);
    setState(copied ? "copied" : "failed");
    window.clearTimeout(reset.current);
    reset.current = window.setTimeout(() => setState("idle"), 3000);
  };

  return (
    <details className="job-detail-section job-raw" data-slot="job-raw-json">
      <summary>
        <h2>Raw JSON</h2>
      </summary>
      <div className="job-raw-bar">
        <Button className="job-raw-copy" onClick={() => void copy()}>
          {state === "copied" ? "Copied" : "Copy JSON"}
        </Button>
        <span className={state === "failed" ? "error-text" : "muted"} role="status" aria-live="polite">
          {COPY_MESSAGES[state]}
        </span>
      </div>
      {/* Focusable: a long job scrolls, and keyboard users must be able to scroll it. */}
      <pre className="job-json job-raw-json" tabIndex={0} aria-label="The job as JSON">
        {text}
      </pre>
    </details>
  );
}
