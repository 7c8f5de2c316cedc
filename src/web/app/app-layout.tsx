import { Link, Outlet, useMatch } from "../lib/router";
import { AccountBadge, type Session } from "../features/auth";
import { ExtractedFileActionsContext } from "../features/files";
import { ImportExtractedFile } from "../features/imports";
import { JobsPanel, JobToaster, ToastNextStepContext } from "../features/jobs";
import { ConnectionIndicator, useEventStream } from "../features/live";
import { OutcomeHost, ToastNextStep } from "../features/outcomes";
import { SpaceNavMenu } from "../features/space";
import { SpaceSwitcher } from "../features/spaces";
import { ThemeToggle } from "../features/theme";
import { LIVE_HANDLERS } from "./live-handlers";

/** The header (app name, connection, jobs, theme, account) above the routed page; opens the tab's event stream. */
export function AppLayout({ session }: { session: Session }) {
  useEventStream(session, LIVE_HANDLERS);
  const spaceMatch = useMatch("/space/:spaceId/*");
  const spaceId = spaceMatch?.params.spaceId ?? (session.role === "user" ? session.spaceId : undefined);
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        {/* On a phone the space's navigation is a drawer opened from here; the page itself comes first. */}
        {spaceMatch?.params.spaceId ? <SpaceNavMenu spaceId={spaceMatch.params.spaceId} /> : null}
        <Link to="/" className="app-name">
          Jobs Panel
        </Link>
        {session.role === "operator" ? <SpaceSwitcher spaceId={spaceMatch?.params.spaceId} /> : null}
        <div className="header-actions">
          <ConnectionIndicator />
          <JobsPanel spaceId={spaceId} />
          <ThemeToggle />
          <AccountBadge session={session} />
        </div>
      </header>
      {/* An extracted file's row offers "Import into…" as the imports feature draws it. */}
      <ExtractedFileActionsContext value={ImportExtractedFile}>
        <Outlet />
      </ExtractedFileActionsContext>
      {/* A job's toast shows its outcome's next step as the outcomes feature draws it. */}
      <ToastNextStepContext value={ToastNextStep}>
        <JobToaster />
      </ToastNextStepContext>
      <OutcomeHost spaceId={spaceId} session={session} />
    </div>
  );
}
