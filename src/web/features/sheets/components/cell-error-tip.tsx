import { useLayoutEffect, useRef, useState, type RefObject } from "react";
import { createPortal } from "react-dom";

const GAP = 6;
const EDGE = 8;

type Place = { left: number; top: number };

/**
 * The messages of the invalid cell at `row`/`col` of the grid in `scroller`, in a bubble beside it: shown at once
 * (no native title's delay), for a hovered, keyboard-focused or tapped cell. Below the cell, or above it near the
 * window's bottom; kept inside the window and moved with the grid's scroll; gone while its cell is scrolled away.
 * The cell carries the same messages as its accessible description, so this bubble is for the eyes.
 */
export function CellErrorTip({
  scroller,
  row,
  col,
  messages,
  headerHeight,
}: {
  scroller: RefObject<HTMLDivElement | null>;
  row: number;
  col: number;
  messages: readonly string[];
  /** The grid's sticky header, which a cell scrolls under. */
  headerHeight: number;
}) {
  const tip = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<Place>();
  const text = messages.join("\n");
  useLayoutEffect(() => {
    const grid = scroller.current;
    const measure = () => {
      const cell = grid?.querySelector(`[data-row="${row}"][data-col="${col}"]`);
      const box = tip.current;
      if (!grid || !cell || !box) return setPlace(undefined);
      const rect = cell.getBoundingClientRect();
      const view = grid.getBoundingClientRect();
      const hidden =
        rect.bottom <= view.top + headerHeight ||
        rect.top >= view.bottom ||
        rect.right <= view.left ||
        rect.left >= view.right;
      if (hidden) return setPlace(undefined);
      const below = rect.bottom + GAP + box.offsetHeight <= window.innerHeight - EDGE;
      setPlace({
        top: below ? rect.bottom + GAP : Math.max(EDGE, rect.top - GAP - box.offsetHeight),
        left: Math.max(EDGE, Math.min(rect.left, window.innerWidth - box.offsetWidth - EDGE)),
      });
    };
    measure();
    grid?.addEventListener("scroll", measure, { passive: true });
    window.addEventListener("resize", measure);
    return () => {
      grid?.removeEventListener("scroll", measure);
      window.removeEventListener("resize", measure);
    };
  }, [scroller, row, col, text, headerHeight]);
  return createPortal(
    <div
      ref={tip}
      role="tooltip"
      className="cell-error-tip"
      data-slot="cell-error-tip"
      style={place ? { top: place.top, left: place.left } : { top: 0, left: 0, visibility: "hidden" }}
    >
      {messages.map((message, index) => (
        <p key={index}>{message}</p>
      ))}
    </div>,
    document.body,
  );
}
