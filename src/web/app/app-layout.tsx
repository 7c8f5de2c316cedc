import { Link, Outlet, useMatch } from "react-router";
import { AccountBadge } from "../features/auth/components/account-badge";
import { JobToaster } from "../features/jobs/components/job-toaster";
import { JobsPanel } from "../features/jobs/components/jobs-panel";
import { ConnectionIndicator } from "../features/live/components/connection-indicator";
import { useEventStream } from "../features/live/use-event-stream";
import type { Session } from "../features/auth/session";
import { OutcomeHost } from "../features/outcomes/components/outcome-host";
import { SpaceSwitcher } from "../features/spaces/components/space-switcher";
import { ThemeToggle } from "../features/theme/components/theme-toggle";
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
      <Outlet />
      <JobToaster />
      <OutcomeHost spaceId={spaceId} session={session} />
    </div>
  );
}
