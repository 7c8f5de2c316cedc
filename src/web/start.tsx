import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app";
import "./app/styles.css";

/** Renders the dashboard into index.html's #root (main.tsx calls it once the page is ready for it). */
export function startDashboard(): void {
  const container = document.getElementById("root");
  if (!container) throw new Error("index.html has no #root element");

  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
