/**
 * Mounts the real dashboard (src/web) for mock mode, as src/web/main.tsx does, plus what a page load would do when
 * a link is followed: mock mode cannot reload (the backend lives in the page), so it mounts the app again instead.
 * Imported only once the mock API answers, because the session store reads the address bar when it is loaded.
 */
import { StrictMode } from "react";
import { createRoot, type Root } from "react-dom/client";
import { App } from "../web/app/app";
import { signInFromLocation } from "../web/features/auth/session";
import { useSessionStore } from "../web/features/auth/session-store";
import { applyTheme, useThemeStore } from "../web/features/theme/theme-store";
import "../web/app/styles.css";

export type MountedDashboard = {
  /** Opens `link` (`/path#token=…`) as if it had been followed: signed in from its fragment, fresh caches. */
  openLink: (link: string, options?: { replace?: boolean }) => void;
};

export function mountDashboard(container: HTMLElement, link: string): MountedDashboard {
  applyTheme(useThemeStore.getState().theme);
  let root: Root | undefined;

  const openLink: MountedDashboard["openLink"] = (target, { replace = false } = {}) => {
    root?.unmount();
    if (replace) window.history.replaceState(null, "", target);
    else window.history.pushState(null, "", target);
    // The sign-in of a page load: the fragment's token is stored for the tab and removed from the address bar.
    const { session, problem } = signInFromLocation(window.location, window.sessionStorage, (url) =>
      window.history.replaceState(null, "", url),
    );
    useSessionStore.setState({ session, reason: problem });
    // A new App is a new router (it reads the address) and a new query cache, as after a reload.
    root = createRoot(container);
    root.render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  };

  openLink(link, { replace: true });
  return { openLink };
}
