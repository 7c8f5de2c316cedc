import { useEffect, type MouseEvent, type RefObject } from "react";
import { Dialog, DialogContent, DrawerHeader, focusBackTo } from "../../../components/ui/dialog";
import { SpaceSidebar } from "./space-sidebar";

/** Below this width the sidebar leaves the page for a drawer (styles.css hides one or the other at the same width). */
export const DRAWER_QUERY = "(max-width: 768px)";

/**
 * The space's navigation in a drawer (opened by space-nav-menu.tsx's button). Radix gives it its focus trap, Escape
 * and the backdrop click; a followed link closes it, and so does a window grown past the phone width (the sidebar is
 * back beside the page there). Fetched on first use, with the dialog library, so the first page does not carry them.
 */
export function SpaceNavDrawer({
  id,
  spaceId,
  open,
  onOpenChange,
  returnFocus,
}: {
  /** The drawer's id, which the Menu button names as what it controls. */
  id: string;
  spaceId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The header's Menu button: there is no Radix trigger (it lives outside this chunk), so focus is given back here. */
  returnFocus: RefObject<HTMLButtonElement | null>;
}) {
  useEffect(() => {
    const query = window.matchMedia?.(DRAWER_QUERY);
    if (!query) return;
    const onChange = () => {
      if (!query.matches) onOpenChange(false);
    };
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, [onOpenChange]);
  const closeOnLink = (event: MouseEvent) => {
    if ((event.target as HTMLElement).closest("a[href]")) onOpenChange(false);
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent
        id={id}
        side="left"
        className="nav-drawer"
        aria-describedby={undefined}
        onClick={closeOnLink}
        onCloseAutoFocus={focusBackTo(() => returnFocus.current)}
      >
        <DrawerHeader title="Space" closeLabel="Close the menu" />
        <SpaceSidebar spaceId={spaceId} />
      </DialogContent>
    </Dialog>
  );
}
