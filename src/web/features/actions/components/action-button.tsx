import { useId, useState } from "react";
import type { Action } from "../../../../core";
import { Button } from "../../../components/ui/button";
import { Tooltip, TooltipContent, TooltipTrigger } from "../../../components/ui/tooltip";
import { scheduleText } from "../../../lib/schedule-text";
import { infoMessages } from "../use-action-availability";
import { ActionIcon } from "./action-icon";
import "../actions.css";

/**
 * An action as a button: its icon and label, emphasised when primary. A button that cannot run stays focusable
 * (`aria-disabled`, clicks ignored) and says why, in its tooltip and in its accessible description, next to the
 * action's info messages and tooltip text.
 */
export function ActionButton({
  action,
  disabledReason,
  starting = false,
  noWorker,
  onLaunch,
}: {
  action: Action;
  /** Why it cannot run now; undefined when it can. */
  disabledReason: string | undefined;
  /** Its job is being created. */
  starting?: boolean;
  /** That no connected listener would run its job (it still runs: the job waits for one). */
  noWorker?: string | undefined;
  /** Called with the button, where focus returns after a dialog. */
  onLaunch: (button: HTMLButtonElement) => void;
}) {
  const descriptionId = useId();
  const [tooltipOpen, setTooltipOpen] = useState(false);
  const info = infoMessages(action);
  const scheduled = action.schedule ? `Also runs by itself ${scheduleText(action.schedule)}.` : undefined;
  const notes = [disabledReason, noWorker, ...info, action.tooltip, scheduled].filter(
    (text): text is string => Boolean(text),
  );
  const unavailable = disabledReason !== undefined || starting;
  const button = (
    <Button
      variant={action.primary ? "primary" : "default"}
      className="action-button"
      data-action={action.operation}
      aria-disabled={unavailable || undefined}
      data-busy={starting || undefined}
      aria-describedby={notes.length ? descriptionId : undefined}
      onClick={(event) => {
        if (!unavailable) onLaunch(event.currentTarget);
      }}
    >
      <ActionIcon name={action.icon} />
      <span>{action.label}</span>
      {noWorker ? (
        <span className="action-no-worker" data-slot="action-no-worker" aria-hidden="true" />
      ) : null}
    </Button>
  );
  // The same elements whatever the notes, so a button that becomes (un)available keeps its focus.
  return (
    <>
      <Tooltip open={tooltipOpen && notes.length > 0} onOpenChange={setTooltipOpen}>
        <TooltipTrigger asChild>{button}</TooltipTrigger>
        <TooltipContent className="action-tooltip" side="bottom">
          {disabledReason ? <span className="action-tooltip-reason">{disabledReason}</span> : null}
          {noWorker ? <span className="action-tooltip-reason">{noWorker}</span> : null}
          {info.map((text, index) => (
            <span key={index} className="action-tooltip-info">
              {text}
            </span>
          ))}
          {action.tooltip ? <span>{action.tooltip}</span> : null}
          {scheduled ? <span className="action-tooltip-info">{scheduled}</span> : null}
        </TooltipContent>
      </Tooltip>
      <span id={descriptionId} className="visually-hidden">
        {notes.join(". ")}
      </span>
    </>
  );
}
