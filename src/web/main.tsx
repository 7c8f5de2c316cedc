import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, fetchHealth } from "./app/app";
import "./app/styles.css";

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root element");

// Started before the first render so the request does not wait for React.
const health = fetchHealth();

createRoot(container).render(
  <StrictMode>
    <App health={health} />
  </StrictMode>,
);
