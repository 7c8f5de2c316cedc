import { useEffect, useState, type MouseEvent } from "react";
import { Button } from "../../../components/ui/button";
import {
  Dialog,
  DialogClose,
  DialogContent,
  DialogTitle,
  DialogTrigger,
} from "../../../components/ui/dialog";
import { SpaceSidebar } from "./space-sidebar";

/** Below this width the sidebar leaves the page for a drawer (styles.css hides one or the other at the same width). */
export const DRAWER_QUERY = "(max-width: 768px)";

/**
 * The header's "Menu" button on a phone: the space's navigation in a drawer, so the page's content comes first.
 * Radix gives the drawer its focus trap, Escape, the backdrop click and focus back to the button; a followed link
 * closes it, and so does a window grown past the phone width (the sidebar is back beside the page there).
 */
export function SpaceNavMenu({ spaceId }: { spaceId: string }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const query = window.matchMedia?.(DRAWER_QUERY);
    if (!query) return;
    const onChange = () => {
      if (!query.matches) setOpen(false);
    };
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  const closeOnLink = (event: MouseEvent) => {
    if ((event.target as HTMLElement).closest("a[href]")) setOpen(false);
  };
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="ghost" className="nav-menu-button" data-slot="nav-menu-button">
          <svg className="nav-menu-icon" viewBox="0 0 16 16" aria-hidden="true">
            <path d="M2 4h12M2 8h12M2 12h12" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
          </svg>
          <span className="nav-menu-label">Menu</span>
        </Button>
      </DialogTrigger>
      <DialogContent side="left" className="nav-drawer" aria-describedby={undefined} onClick={closeOnLink}>
        <header className="panel-header">
          <DialogTitle>Space</DialogTitle>
          <DialogClose asChild>
            <Button variant="ghost" aria-label="Close the menu" title="Close (Esc)">
              <span aria-hidden="true">✕</span>
            </Button>
          </DialogClose>
        </header>
        <SpaceSidebar spaceId={spaceId} />
      </DialogContent>
    </Dialog>
  );
}
