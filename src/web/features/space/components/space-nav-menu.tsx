import { Suspense, useId, useRef, useState } from "react";
import { Button } from "../../../components/ui/button";
import { lazyComponent, usePreloadSoon, preloadOnIntent } from "../../../lib/lazy-component";

const SpaceNavDrawer = lazyComponent(async () => (await import("./space-nav-drawer")).SpaceNavDrawer);

/**
 * The header's "Menu" button on a phone: the space's navigation in a drawer (space-nav-drawer.tsx), so the page's
 * content comes first. The drawer's code is fetched soon after the page shows, or when the button is first hovered,
 * focused or used.
 */
export function SpaceNavMenu({ spaceId }: { spaceId: string }) {
  const [open, setOpen] = useState(false);
  // Mounted from the first opening on, so closing runs the drawer's own focus return.
  const [mounted, setMounted] = useState(false);
  if (open && !mounted) setMounted(true);
  const button = useRef<HTMLButtonElement>(null);
  const drawerId = useId();
  usePreloadSoon(SpaceNavDrawer);
  return (
    <>
      <Button
        ref={button}
        variant="ghost"
        className="nav-menu-button"
        data-slot="nav-menu-button"
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? drawerId : undefined}
        {...preloadOnIntent(SpaceNavDrawer)}
        onClick={() => setOpen(!open)}
      >
        <svg className="nav-menu-icon" viewBox="0 0 16 16" aria-hidden="true">
          <path d="M2 4h12M2 8h12M2 12h12" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
        </svg>
        <span className="nav-menu-label">Menu</span>
      </Button>
      {mounted ? (
        <Suspense fallback={null}>
          <SpaceNavDrawer
            id={drawerId}
            spaceId={spaceId}
            open={open}
            onOpenChange={setOpen}
            returnFocus={button}
          />
        </Suspense>
      ) : null}
    </>
  );
}
