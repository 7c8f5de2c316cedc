import { useRef, useState, type DragEvent } from "react";

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes("Files");

/**
 * Makes an element a drop target for files: `dragging` is true while files are dragged over it (to show a drop zone),
 * and `onFiles` receives what is dropped. Other drags (text, links) are left alone.
 */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const [dragging, setDragging] = useState(false);
  // Enter and leave fire for every child crossed; the depth says whether the pointer is still inside.
  const depth = useRef(0);
  return {
    dragging,
    dropProps: {
      onDragEnter: (event: DragEvent) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setDragging(true);
      },
      onDragOver: (event: DragEvent) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
      },
      onDragLeave: (event: DragEvent) => {
        if (!carriesFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setDragging(false);
      },
      onDrop: (event: DragEvent) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current = 0;
        setDragging(false);
        const files = Array.from(event.dataTransfer.files);
        if (files.length) onFiles(files);
      },
    },
  };
}
